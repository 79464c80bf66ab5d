import { z } from "zod";

export const CONTACT_FIELDS = ["name", "phone", "email", "address"] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

export const revealContactSchema = z.object({
  memberId: z.uuid(),
  fields: z.array(z.enum(CONTACT_FIELDS)).min(1),
  reason: z.string().trim().min(4, { message: "revealReasonTooShort" }).max(200),
});
export type RevealContactInput = z.output<typeof revealContactSchema>;
