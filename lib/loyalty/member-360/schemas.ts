import { z } from "zod";

/** The member a 360° view dialog loads its data for. */
export const memberDialogSchema = z.object({ memberId: z.uuid() });
export type MemberDialogInput = z.input<typeof memberDialogSchema>;
