import type { PgTable } from "drizzle-orm/pg-core";
import {
  appointments,
  appointmentWaitlist,
  clientelingTasks,
  complaints,
  inquiries,
  memberContacts,
  memberImportantDates,
  memberNotes,
  memberPresenceCodes,
  memberTags,
  memberWishlistItems,
  outboundMessages,
} from "@/db/schema";

/**
 * What erasure does to each member-owned table. Rows describing the person (dates of their family,
 * wishes, tags, free-text notes) go; history that must stay accountable (cards, consent records,
 * and every ledger, purchase, ticket or complaint table that registers later) stays, pointing at
 * the anonymised member. A table missing here is kept.
 */
export type ErasurePolicy = { kind: "delete" } | { kind: "blank"; values: Record<string, unknown> };
export const ERASURE_POLICY = new Map<PgTable, ErasurePolicy>([
  [memberImportantDates, { kind: "delete" }],
  [memberWishlistItems, { kind: "delete" }],
  [memberTags, { kind: "delete" }],
  // Codes that proved the member was at a till: no use once the member is gone.
  [memberPresenceCodes, { kind: "delete" }],
  // The timeline keeps its shape (who wrote when) but not the text, which may describe the person.
  [memberNotes, { kind: "blank", values: { body: "" } }],
  // Visits, contacts and messages keep who and when (advisor workload, sales attribution), not what was said.
  [appointments, { kind: "blank", values: { note: "" } }],
  [memberContacts, { kind: "blank", values: { note: "", lostReason: null } }],
  [outboundMessages, { kind: "blank", values: { params: {}, sentTo: null } }],
  [appointmentWaitlist, { kind: "delete" }],
  // A task's details can hold an important date's label and the purchase's items; the skip reason is free text.
  [clientelingTasks, { kind: "blank", values: { details: {}, skipReason: null } }],
  // Complaints and inquiries stay (a regulator may ask about them); a name or contact typed in beside the member goes.
  [complaints, { kind: "blank", values: { customerName: null, customerContact: null } }],
  [inquiries, { kind: "blank", values: { customerName: null, customerContact: null } }],
]);

/** What erasure does to one registered table's rows (shown on the erase page before anyone confirms). */
export function erasureEffect(table: PgTable): "delete" | "blank" | "keep" {
  return ERASURE_POLICY.get(table)?.kind ?? "keep";
}
