import { z } from "zod";

export const mergeMembersSchema = z
  .object({
    survivorId: z.uuid(),
    mergedIds: z.array(z.uuid()).min(1).max(20),
  })
  .refine((input) => !input.mergedIds.includes(input.survivorId), { path: ["mergedIds"], message: "mergeIntoSelf" });
export type MergeMembersInput = z.output<typeof mergeMembersSchema>;
