import { and, count, desc, eq, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { complaints, inquiries, members, staff, stores } from "@/db/schema";
import { storeFilter, storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import { COMPLAINT_CHANNELS, type ComplaintChannel } from "@/lib/complaints/cases/schemas";
import { listParams } from "@/lib/list-params";
import { maskName, maskPhone } from "@/lib/members/masking";
import { isBusinessDay } from "@/lib/time";
import { INQUIRY_STATUSES, INQUIRY_TOPICS, minutesToAnswer, type InquiryStatus, type InquiryTopic } from "./schemas";

/**
 * Inquiry lists and the one inquiry (docs/domain.md#inquiries), in the staff member's stores
 * (another store's inquiry is not found). Names and contacts are masked.
 */

const businessDay = z.string().refine(isBusinessDay).optional().catch(undefined);

export const inquiryListParamsSchema = z.object({
  store: z.uuid().optional().catch(undefined),
  topic: z.enum(INQUIRY_TOPICS).optional().catch(undefined),
  channel: z.enum(COMPLAINT_CHANNELS).optional().catch(undefined),
  status: z.enum(INQUIRY_STATUSES).optional().catch(undefined),
  /** Received from / until, store-local dates (inclusive). */
  from: businessDay,
  to: businessDay,
  ...listParams({ dir: "desc", maxPage: 1000 }),
});
export type InquiryListParams = z.output<typeof inquiryListParamsSchema>;

export type InquiryListRow = {
  id: string;
  storeId: string;
  storeName: string;
  storeNameEn: string | null;
  timeZone: string;
  channel: ComplaintChannel;
  topic: InquiryTopic;
  question: string;
  answer: string | null;
  customerName: string;
  receivedAt: Date;
  answeredAt: Date | null;
  answeredByName: string | null;
  minutesToAnswer: number | null;
  status: InquiryStatus;
  complaintId: string | null;
  complaintReference: string | null;
  memberId: string | null;
  /** The inquiry has a name and contact, or a member: a complaint can be logged without asking. */
  customerKnown: boolean;
};

function statusOf(row: { answeredAt: Date | null; complaintId: string | null }): InquiryStatus {
  return row.complaintId ? "converted" : row.answeredAt ? "answered" : "unanswered";
}

function statusFilter(status: InquiryStatus | undefined): SQL | undefined {
  switch (status) {
    case "unanswered":
      return and(isNull(inquiries.answeredAt), isNull(inquiries.complaintId));
    case "answered":
      return and(isNotNull(inquiries.answeredAt), isNull(inquiries.complaintId));
    case "converted":
      return isNotNull(inquiries.complaintId);
    default:
      return undefined;
  }
}

const selection = {
  inquiry: inquiries,
  storeName: stores.name,
  storeNameEn: stores.nameEn,
  timeZone: stores.timeZone,
  memberName: members.name,
  answeredByName: staff.displayName,
  complaintReference: complaints.reference,
};

type Selected = {
  inquiry: typeof inquiries.$inferSelect;
  storeName: string;
  storeNameEn: string | null;
  timeZone: string;
  memberName: string | null;
  answeredByName: string | null;
  complaintReference: string | null;
};

function toRow({ inquiry, memberName, ...row }: Selected): InquiryListRow {
  return {
    id: inquiry.id,
    storeId: inquiry.storeId,
    storeName: row.storeName,
    storeNameEn: row.storeNameEn,
    timeZone: row.timeZone,
    channel: inquiry.channel,
    topic: inquiry.topic as InquiryTopic,
    question: inquiry.question,
    answer: inquiry.answer,
    customerName: maskName(memberName ?? inquiry.customerName ?? ""),
    receivedAt: inquiry.receivedAt,
    answeredAt: inquiry.answeredAt,
    answeredByName: row.answeredByName,
    minutesToAnswer: minutesToAnswer(inquiry),
    status: statusOf(inquiry),
    complaintId: inquiry.complaintId,
    complaintReference: row.complaintReference,
    memberId: inquiry.memberId,
    customerKnown: Boolean(inquiry.memberId || (inquiry.customerName && inquiry.customerContact)),
  };
}

function baseQuery(db: Db) {
  return db
    .select(selection)
    .from(inquiries)
    .innerJoin(stores, eq(stores.id, inquiries.storeId))
    .leftJoin(members, eq(members.id, inquiries.memberId))
    .leftJoin(staff, eq(staff.id, inquiries.answeredBy))
    .leftJoin(complaints, eq(complaints.id, inquiries.complaintId));
}

/** The inquiries of the staff member's stores, newest first (or oldest with dir=asc), filtered and paged. */
export async function listInquiries(
  db: Db,
  me: StaffPrincipal,
  params: InquiryListParams,
): Promise<{ rows: InquiryListRow[]; total: number }> {
  const receivedDay = sql`(${inquiries.receivedAt} at time zone ${stores.timeZone})::date`;
  const where = and(
    storeFilter(inquiries.storeId, storeScopeOf(me)),
    params.store ? eq(inquiries.storeId, params.store) : undefined,
    params.topic ? eq(inquiries.topic, params.topic) : undefined,
    params.channel ? eq(inquiries.channel, params.channel) : undefined,
    statusFilter(params.status),
    params.from ? sql`${receivedDay} >= ${params.from}::date` : undefined,
    params.to ? sql`${receivedDay} <= ${params.to}::date` : undefined,
  );
  const order = params.dir === "asc" ? inquiries.receivedAt : desc(inquiries.receivedAt);
  const [rows, [total]] = await Promise.all([
    baseQuery(db)
      .where(where)
      .orderBy(order, inquiries.id)
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db.select({ value: count() }).from(inquiries).innerJoin(stores, eq(stores.id, inquiries.storeId)).where(where),
  ]);
  return { rows: rows.map(toRow), total: total?.value ?? 0 };
}

/** One inquiry in the staff member's stores, with the contact masked; null when not found. */
export async function getInquiry(
  db: Db,
  me: StaffPrincipal,
  inquiryId: string,
): Promise<(InquiryListRow & { maskedContact: string | null }) | null> {
  if (!z.uuid().safeParse(inquiryId).success) return null;
  const [row] = await baseQuery(db).where(
    and(eq(inquiries.id, inquiryId), storeFilter(inquiries.storeId, storeScopeOf(me))),
  );
  if (!row) return null;
  const contact = row.inquiry.customerContact;
  return { ...toRow(row), maskedContact: contact ? maskPhone(contact) : null };
}
