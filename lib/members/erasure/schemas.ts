import { z } from "zod";

/** The words a manager may type to confirm an erasure (the dialog shows the one of their language). */
export const ERASURE_CONFIRMATION_WORDS = ["注销", "ERASE"] as const;

export function isErasureConfirmation(text: string): boolean {
  const typed = text.normalize("NFKC").trim();
  return ERASURE_CONFIRMATION_WORDS.some((word) => word === typed || word.toLowerCase() === typed.toLowerCase());
}

export const eraseMemberSchema = z.object({
  memberId: z.uuid(),
  confirmation: z.string().trim().max(40).refine(isErasureConfirmation, { message: "erasureConfirmationMismatch" }),
});
export type EraseMemberInput = z.output<typeof eraseMemberSchema>;
