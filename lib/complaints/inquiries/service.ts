import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { inquiries, stores } from "@/db/schema";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import { storeFilter, storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import { DESCRIPTION_MAX, logComplaintSchema, type LogComplaintInput } from "@/lib/complaints/cases/schemas";
import { logComplaint, type LoggedComplaint } from "@/lib/complaints/cases/service";
import { AppError } from "@/lib/errors";
import { writableMember } from "@/lib/members/scope";
import { z } from "zod";
import type { AnswerInquiryInput, ConvertInquiryValues, LogInquiryValues } from "./schemas";

/**
 * Inquiries (docs/domain.md#inquiries): logged, answered (the time to answer is answered_at −
 * received_at) and, once, turned into a complaint through complaint intake with everything carried
 * over. Each write locks the inquiry row; audit entries hold ids and codes, never the customer's
 * words or contact.
 */

export type InquiryRow = typeof inquiries.$inferSelect;

function fieldError(field: string, key: string): AppError {
  return new AppError("validation", { fieldErrors: { [field]: [key] } });
}

async function auditInquiry(
  db: Db,
  actor: Actor,
  action: string,
  inquiry: Pick<InquiryRow, "id" | "storeId">,
  details: Record<string, unknown> = {},
) {
  await recordAudit(db, {
    ...byActor(actor),
    action,
    entityType: "inquiry",
    entityId: inquiry.id,
    storeId: inquiry.storeId,
    details,
  });
}

/** The inquiry, locked when asked, if its store is one of the staff member's; else not found. */
export async function loadInquiryInScope(
  db: Db,
  staff: StaffPrincipal,
  inquiryId: string,
  options: { forUpdate?: boolean } = {},
): Promise<InquiryRow> {
  const query = db
    .select()
    .from(inquiries)
    .where(and(eq(inquiries.id, inquiryId), storeFilter(inquiries.storeId, storeScopeOf(staff))));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  if (!row) throw new AppError("not_found");
  return row;
}

/** The store of an inquiry in the staff member's stores (a use case's scope); else not found. */
export async function inquiryStoreInScope(db: Db, staff: StaffPrincipal, inquiryId: string): Promise<string> {
  return (await loadInquiryInScope(db, staff, inquiryId)).storeId;
}

/** Logs a question: at an active store of the staff member's, not received in the future, the member if known. */
export async function logInquiry(
  db: Db,
  actor: Actor,
  staff: StaffPrincipal,
  input: LogInquiryValues,
  now: Date = new Date(),
): Promise<{ inquiryId: string; storeId: string }> {
  const [store] = await db
    .select({ id: stores.id, active: stores.active })
    .from(stores)
    .where(and(eq(stores.id, input.storeId), storeFilter(stores.id, storeScopeOf(staff))));
  if (!store) throw new AppError("not_found");
  if (!store.active) throw fieldError("storeId", "storeInactive");
  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
  if (receivedAt.getTime() > now.getTime()) throw fieldError("receivedAt", "receivedAtFuture");
  const memberId = input.memberId ? (await writableMember(db, staff, input.memberId)).id : null;
  const [row] = await db
    .insert(inquiries)
    .values({
      storeId: store.id,
      memberId,
      customerName: memberId ? null : (input.customerName ?? null),
      customerContact: memberId ? null : (input.customerContact ?? null),
      channel: input.channel,
      topic: input.topic,
      question: input.question,
      receivedAt,
      createdBy: actor.staffId,
      createdAt: now,
    })
    .returning({ id: inquiries.id });
  const inquiryId = row!.id;
  await auditInquiry(
    db,
    actor,
    "inquiry.create",
    { id: inquiryId, storeId: store.id },
    {
      channel: input.channel,
      topic: input.topic,
      memberId,
    },
  );
  return { inquiryId, storeId: store.id };
}

/**
 * Records the answer. The first answer stamps answered_at and answered_by (the time to answer);
 * correcting the text later keeps them.
 */
export async function answerInquiry(
  db: Db,
  actor: Actor,
  staff: StaffPrincipal,
  input: AnswerInquiryInput,
  now: Date = new Date(),
): Promise<{ inquiryId: string; storeId: string; answeredAt: Date }> {
  const inquiry = await loadInquiryInScope(db, staff, input.inquiryId, { forUpdate: true });
  const first = inquiry.answeredAt === null;
  const answeredAt = inquiry.answeredAt ?? now;
  await db
    .update(inquiries)
    .set(
      first ? { answer: input.answer.trim(), answeredAt, answeredBy: actor.staffId } : { answer: input.answer.trim() },
    )
    .where(eq(inquiries.id, inquiry.id));
  await auditInquiry(db, actor, "inquiry.answer", inquiry, { first });
  return { inquiryId: inquiry.id, storeId: inquiry.storeId, answeredAt };
}

/** The complaint's description: the question, and the answer given so far, within the complaint's limit. */
function descriptionOf(inquiry: InquiryRow): string {
  const text = inquiry.answer ? `${inquiry.question}\n\n— 已答复 / Answered: ${inquiry.answer}` : inquiry.question;
  return [...text].slice(0, DESCRIPTION_MAX).join("");
}

/**
 * Turns the inquiry into a complaint, once: complaint intake (lib/complaints/cases/service.ts) with
 * the category and severity chosen, the question (and the answer so far) as the description, the
 * same store, channel, member or customer, received when the inquiry was. A complaint of an
 * unidentified customer needs a name and a contact: the dialog supplies what the inquiry lacks.
 */
export async function convertInquiry(
  db: Db,
  actor: Actor,
  staff: StaffPrincipal,
  input: ConvertInquiryValues,
  now: Date = new Date(),
): Promise<LoggedComplaint & { inquiryId: string }> {
  const inquiry = await loadInquiryInScope(db, staff, input.inquiryId, { forUpdate: true });
  if (inquiry.complaintId) {
    throw new AppError("conflict", {
      detail: "This inquiry was already turned into a complaint.",
      details: { complaintId: inquiry.complaintId },
    });
  }
  const raw: LogComplaintInput = {
    storeId: inquiry.storeId,
    channel: inquiry.channel,
    category: input.category,
    severity: input.severity,
    memberId: inquiry.memberId ?? undefined,
    customerName: inquiry.memberId ? undefined : (input.customerName ?? inquiry.customerName ?? undefined),
    customerContact: inquiry.memberId ? undefined : (input.customerContact ?? inquiry.customerContact ?? undefined),
    description: descriptionOf(inquiry),
    receivedAt: inquiry.receivedAt.toISOString(),
    regulatorDeadline: input.regulatorDeadline,
  };
  const parsed = logComplaintSchema.safeParse(raw);
  if (!parsed.success) {
    throw new AppError("validation", {
      fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
    });
  }
  const logged = await logComplaint(db, actor, staff, parsed.data, now);
  const [marked] = await db
    .update(inquiries)
    .set({ complaintId: logged.complaintId })
    .where(and(eq(inquiries.id, inquiry.id), isNull(inquiries.complaintId)))
    .returning({ id: inquiries.id });
  if (!marked) throw new AppError("conflict", { detail: "This inquiry was already turned into a complaint." });
  await auditInquiry(db, actor, "inquiry.convert", inquiry, {
    complaintId: logged.complaintId,
    reference: logged.reference,
  });
  return { ...logged, inquiryId: inquiry.id };
}
