import type { Db } from "@/db/client";
import { contactChannel, contactOutcome, memberContacts } from "@/db/schema";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import type { StaffPrincipal } from "@/lib/auth/policy";
import { writableMember } from "@/lib/members/scope";
import type { z } from "zod";
import { CONTACT_CHANNELS, CONTACT_OUTCOMES, type ContactFields, type logContactSchema } from "./schemas";

/**
 * The contact log: every contact with a client, from a task or from the 360° view, one row each.
 * docs/domain.md#tasks-and-the-contact-log
 */

// The form's lists and the database enums must be the same: a value in one only fails to compile.
type Same<A extends readonly string[], B extends readonly string[]> = [A[number]] extends [B[number]]
  ? [B[number]] extends [A[number]]
    ? true
    : never
  : never;
const channelsMatch: Same<typeof CONTACT_CHANNELS, typeof contactChannel.enumValues> = true;
const outcomesMatch: Same<typeof CONTACT_OUTCOMES, typeof contactOutcome.enumValues> = true;
void channelsMatch;
void outcomesMatch;

/** Writes one contact row (in the caller's transaction); the caller has checked scope and audits. */
export async function insertContact(
  db: Db,
  contact: ContactFields & { memberId: string; storeId: string; staffId: string; taskId?: string | null },
): Promise<{ contactId: string; occurredAt: Date }> {
  const [row] = await db
    .insert(memberContacts)
    .values({
      memberId: contact.memberId,
      storeId: contact.storeId,
      staffId: contact.staffId,
      channel: contact.channel,
      outcome: contact.outcome,
      note: contact.note,
      lostReason: contact.lostReason,
      taskId: contact.taskId ?? null,
    })
    .returning({ id: memberContacts.id, occurredAt: memberContacts.occurredAt });
  return { contactId: row!.id, occurredAt: row!.occurredAt };
}

/**
 * A contact logged on the 360° view, outside any task: the member must be in the staff member's
 * stores (else not found) and not erased (an erased member keeps no new data). It is recorded at
 * the member's home store. The audit entry has the ids, channel and outcome, never the note.
 */
export async function logContact(
  db: Db,
  staff: StaffPrincipal,
  actor: Actor,
  input: z.output<typeof logContactSchema>,
): Promise<{ contactId: string; memberId: string }> {
  const member = await writableMember(db, staff, input.memberId);
  const { contactId } = await insertContact(db, {
    ...input,
    memberId: member.id,
    storeId: member.homeStoreId,
    staffId: actor.staffId,
  });
  await recordAudit(db, {
    ...byActor(actor),
    action: "member.contact.log",
    entityType: "member",
    entityId: member.id,
    storeId: member.homeStoreId,
    details: { contactId, channel: input.channel, outcome: input.outcome },
  });
  return { contactId, memberId: member.id };
}
