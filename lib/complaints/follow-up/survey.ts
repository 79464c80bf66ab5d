import { createHash, randomBytes } from "node:crypto";
import { addDays } from "date-fns";
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { complaintEvents, complaints, stores } from "@/db/schema";
import { recordAudit } from "@/lib/audit/service";
import type { ComplaintRow } from "@/lib/complaints/cases/service";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { enqueueMessage } from "@/lib/messaging/service";
import type { AnswerSurveyValues } from "./schemas";

/**
 * The satisfaction survey after a complaint is closed (docs/domain.md#satisfaction-survey): a
 * no-login link with a random token sent through the message outbox. Only the token's SHA-256 is
 * stored (like API keys, lib/api/authenticate.ts): the link in the message is the only copy. The
 * link works for SURVEY_VALID_DAYS after it was sent and takes one answer.
 */

export const SURVEY_VALID_DAYS = 30;

/** What is stored and looked up: the SHA-256 of the token, hex. A fast hash suffices for 256-bit random secrets. */
export function hashSurveyToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** The public page of a token, on the portal's public address. */
export function surveyUrlFor(token: string): string {
  return new URL(`/survey/${token}`, env.ATRIUM_PUBLIC_URL).toString();
}

export function surveyExpiresAt(sentAt: Date): Date {
  return addDays(sentAt, SURVEY_VALID_DAYS);
}

/**
 * Sends the survey of a just-closed complaint, in the caller's transaction. Nothing for a complaint
 * without a member (the outbox reaches members only) or one whose survey already went out: a
 * complaint reopened and closed again is asked once (the guarded update, and the outbox's dedupe
 * key `complaint_survey:<id>` behind it). Returns the token (for the caller's tests), or null.
 */
export async function sendSatisfactionSurvey(
  db: Db,
  complaint: Pick<ComplaintRow, "id" | "storeId" | "memberId" | "reference">,
  now: Date = new Date(),
): Promise<{ token: string; expiresAt: Date } | null> {
  if (!complaint.memberId) return null;
  const token = randomBytes(32).toString("base64url");
  const [marked] = await db
    .update(complaints)
    .set({ surveyTokenHash: hashSurveyToken(token), surveySentAt: now })
    .where(and(eq(complaints.id, complaint.id), isNull(complaints.surveySentAt)))
    .returning({ id: complaints.id });
  if (!marked) return null;
  const expiresAt = surveyExpiresAt(now);
  await enqueueMessage(db, {
    memberId: complaint.memberId,
    storeId: complaint.storeId,
    templateCode: "complaint_survey",
    params: { reference: complaint.reference, surveyUrl: surveyUrlFor(token), expiresAt: expiresAt.toISOString() },
    dedupeKey: `complaint_survey:${complaint.id}`,
    now,
  });
  return { token, expiresAt };
}

export type SurveyPage = {
  reference: string;
  store: { name: string; nameEn: string | null };
  state: "open" | "answered" | "expired";
};

/** What the public page shows for a token: the reference and the store only (no personal data); null = no such link. */
export async function loadSurvey(db: Db, token: string, now: Date = new Date()): Promise<SurveyPage | null> {
  const [row] = await db
    .select({
      reference: complaints.reference,
      sentAt: complaints.surveySentAt,
      answeredAt: complaints.surveyAnsweredAt,
      storeName: stores.name,
      storeNameEn: stores.nameEn,
    })
    .from(complaints)
    .innerJoin(stores, eq(stores.id, complaints.storeId))
    .where(eq(complaints.surveyTokenHash, hashSurveyToken(token)));
  if (!row || !row.sentAt) return null;
  const state = row.answeredAt ? "answered" : now >= surveyExpiresAt(row.sentAt) ? "expired" : "open";
  return { reference: row.reference, store: { name: row.storeName, nameEn: row.storeNameEn }, state };
}

/**
 * Records the customer's answer once: the score, the comment, the time, a 'survey' event on the
 * complaint's timeline and an audit entry by "customer" (the score only: the comment is the
 * customer's words). The complaint row is locked, so two submissions cannot both count. An unknown
 * link is not found; an answered or expired one a conflict (`details.reason` says which).
 */
export async function answerSurvey(
  db: Db,
  input: AnswerSurveyValues,
  context: { ip?: string | null } = {},
  now: Date = new Date(),
): Promise<{ complaintId: string }> {
  const [complaint] = await db
    .select({
      id: complaints.id,
      storeId: complaints.storeId,
      sentAt: complaints.surveySentAt,
      answeredAt: complaints.surveyAnsweredAt,
    })
    .from(complaints)
    .where(eq(complaints.surveyTokenHash, hashSurveyToken(input.token)))
    .for("update");
  if (!complaint || !complaint.sentAt) throw new AppError("not_found");
  if (complaint.answeredAt) {
    throw new AppError("conflict", { detail: "The survey was already answered.", details: { reason: "answered" } });
  }
  if (now >= surveyExpiresAt(complaint.sentAt)) {
    throw new AppError("conflict", { detail: "The survey link has expired.", details: { reason: "expired" } });
  }
  await db
    .update(complaints)
    .set({
      satisfactionScore: input.score,
      satisfactionComment: input.comment ?? null,
      surveyAnsweredAt: now,
      updatedAt: now,
    })
    .where(eq(complaints.id, complaint.id));
  await db.insert(complaintEvents).values({
    complaintId: complaint.id,
    kind: "survey",
    body: input.comment ?? "",
    outcome: String(input.score),
    actorLabel: "customer",
    at: now,
  });
  await recordAudit(db, {
    action: "complaint.survey_answer",
    actorLabel: "customer",
    entityType: "complaint",
    entityId: complaint.id,
    storeId: complaint.storeId,
    ip: context.ip ?? null,
    details: { score: input.score, commented: Boolean(input.comment) },
  });
  return { complaintId: complaint.id };
}
