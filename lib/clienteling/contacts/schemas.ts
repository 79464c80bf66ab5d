import { z } from "zod";

/**
 * The contact log (docs/domain.md#tasks-and-the-contact-log): the zod schemas shared by the task
 * dialogs, the 360° view's "Log contact" form and the server actions. No server imports: client
 * components use them. The lists mirror the database enums (contact_channel, contact_outcome); the
 * service checks at compile time that they stay the same.
 */

export const CONTACT_CHANNELS = ["phone", "wechat", "sms", "email", "in_person"] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export const CONTACT_OUTCOMES = [
  "reached",
  "no_answer",
  "left_message",
  "call_back_later",
  "declined",
  "wrong_number",
] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

export const CONTACT_NOTE_MAX = 1000;
export const LOST_REASON_MAX = 500;

/** Lifecycle stages whose members may be lost to the business: the form asks why. */
const AT_RISK_STAGES: readonly string[] = ["dormant", "lost"];

/**
 * Whether the form offers the "reason given" field: when the client declined, or is dormant or
 * lost (the reason they stopped buying is what the business wants to learn). It stays optional.
 */
export function showsLostReason(outcome: string | undefined, lifecycleStage: string | null | undefined): boolean {
  return outcome === "declined" || AT_RISK_STAGES.includes(lifecycleStage ?? "");
}

/** What one contact records: how, what came of it, a note, and for a lost client the reason they gave. */
export const contactFieldsSchema = z.object({
  // "required": the form starts with neither chosen (a key of the "validation" catalogue).
  channel: z.enum(CONTACT_CHANNELS, { error: "required" }),
  outcome: z.enum(CONTACT_OUTCOMES, { error: "required" }),
  note: z
    .string()
    .trim()
    .max(CONTACT_NOTE_MAX)
    .nullish()
    .transform((note) => note ?? ""),
  lostReason: z
    .string()
    .trim()
    .max(LOST_REASON_MAX)
    .nullish()
    .transform((reason) => reason || null),
});
export type ContactFieldsInput = z.input<typeof contactFieldsSchema>;
export type ContactFields = z.output<typeof contactFieldsSchema>;

/** A contact logged on the member's 360° view, outside any task. */
export const logContactSchema = contactFieldsSchema.extend({ memberId: z.uuid() });
export type LogContactInput = z.input<typeof logContactSchema>;
