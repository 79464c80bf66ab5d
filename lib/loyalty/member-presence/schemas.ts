import { z } from "zod";
import { memberRefSchema } from "../purchases/schemas";

/**
 * Proof that a member is at the till (docs/domain.md#member-presence): the member app shows a
 * 6-digit code, valid for 2 minutes and once; spending points or stored value through the POS API
 * needs it. Client-safe (zod only).
 */

export const MEMBER_CODE_TTL_SECONDS = 120;
/** Wrong tries that end a code: with 10⁶ codes, five guesses succeed once in 200,000 codes. */
export const MEMBER_CODE_MAX_ATTEMPTS = 5;
/** Codes the member app may issue for one member in MEMBER_CODE_ISSUE_WINDOW_MINUTES. */
export const MEMBER_CODES_PER_WINDOW = 5;
export const MEMBER_CODE_ISSUE_WINDOW_MINUTES = 10;

export const issueMemberCodeSchema = z.object({ member: memberRefSchema }).strict();
export type IssueMemberCodeInput = z.output<typeof issueMemberCodeSchema>;

export const issueMemberCodeResponseSchema = z.object({
  memberId: z.uuid(),
  code: z.string(),
  expiresAt: z.iso.datetime({ offset: true }),
});
export type IssueMemberCodeResponse = z.infer<typeof issueMemberCodeResponseSchema>;

// ── POS look-ups ────────────────────────────────────────────────────────────────────────────────
// Every look-up is logged (api_member_lookups); these limits over the last hour keep a till from
// recovering a masked phone by trying the 10⁴ numbers it could be, or from tracking one member.

export const LOOKUP_WINDOW_MINUTES = 60;
/** Look-ups one key may make in the window: several times a busy till's peak. */
export const LOOKUPS_PER_KEY = 600;
/** Look-ups that found nobody, per key: a till mistypes now and then; guessing numbers misses often. */
export const LOOKUP_MISSES_PER_KEY = 60;
/** Look-ups of one member from all keys together. */
export const LOOKUPS_PER_MEMBER = 20;
