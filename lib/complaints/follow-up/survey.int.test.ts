import { addDays } from "date-fns";
import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { complaintEvents, complaints, outboundMessages } from "@/db/schema";
import {
  logComplaintUseCase,
  changeComplaintStatusUseCase,
  reopenComplaintUseCase,
  resolveComplaintUseCase,
} from "@/lib/complaints/cases/use-cases";
import { expectAppError } from "@/tests/helpers/errors";
import { createPrincipal, insertMember, type TestPrincipal } from "@/tests/helpers/members";
import { runAs } from "@/tests/helpers/run-as";
import {
  auditEntries,
  createTestStore,
  inTx,
  setupTestDatabase,
  testDriver,
  type TestStore,
} from "@/tests/helpers/test-db";
import { answerSurveySchema, satisfactionOf } from "./schemas";
import { answerSurvey, hashSurveyToken, loadSurvey, sendSatisfactionSurvey } from "./survey";

const RECEIVED = "2026-11-23T09:00:00+08:00";

let db: Db;
let store: TestStore;
let service: TestPrincipal;

setupTestDatabase(async (opened) => {
  db = opened;
  store = await createTestStore(db);
  service = await createPrincipal(db, ["service"], [store.id]);
});

async function complaintRow(id: string) {
  const [row] = await db.select().from(complaints).where(eq(complaints.id, id));
  return row!;
}

async function surveyMessages(complaintId: string) {
  return db
    .select()
    .from(outboundMessages)
    .where(eq(outboundMessages.dedupeKey, `complaint_survey:${complaintId}`))
    .orderBy(asc(outboundMessages.channel));
}

/** A complaint taken from intake to closed through the use cases; of a member unless `anonymous`. */
async function closedComplaint(options: { anonymous?: boolean } = {}) {
  const member = options.anonymous ? null : await insertMember(db, { storeId: store.id });
  const { complaintId } = await runAs(db, logComplaintUseCase, service, {
    storeId: store.id,
    channel: "hotline",
    category: "product_quality",
    severity: "medium",
    ...(member ? { memberId: member.id } : { customerName: "王女士", customerContact: "13800001234" }),
    description: "项链扣头松动",
    receivedAt: RECEIVED,
  });
  await runAs(db, changeComplaintStatusUseCase, service, { complaintId, transition: "acknowledge" });
  await runAs(db, changeComplaintStatusUseCase, service, { complaintId, transition: "investigate" });
  await runAs(db, resolveComplaintUseCase, service, { complaintId, rootCause: "虚焊", actionTaken: "换扣" });
  await runAs(db, changeComplaintStatusUseCase, service, { complaintId, transition: "close" });
  return { complaintId, member };
}

function tokenOf(surveyUrl: unknown): string {
  const match = /\/survey\/([A-Za-z0-9_-]+)$/.exec(String(surveyUrl));
  return match![1]!;
}

const answer = (token: string, score: number, comment?: string, now?: Date) =>
  inTx(db, (tx) => answerSurvey(tx, answerSurveySchema.parse({ token, score, comment }), {}, now));

describe(`satisfaction survey on ${testDriver()}`, () => {
  it("closing a member's complaint sends one survey message whose token's hash is stored (the token is not)", async () => {
    const { complaintId, member } = await closedComplaint();
    const messages = await surveyMessages(complaintId);
    expect(messages.map((m) => m.channel).sort()).toEqual(["email", "sms", "wechat"]);
    expect(new Set(messages.map((m) => m.params.surveyUrl)).size).toBe(1);
    expect(messages[0]).toMatchObject({ memberId: member!.id, storeId: store.id, templateCode: "complaint_survey" });
    const token = tokenOf(messages[0]!.params.surveyUrl);
    expect(token).toHaveLength(43);
    const row = await complaintRow(complaintId);
    expect(row.surveyTokenHash).toBe(hashSurveyToken(token));
    expect(row.surveyTokenHash).not.toContain(token);
    expect(row.surveySentAt).not.toBeNull();
    expect(messages[0]!.params.reference).toBe(row.reference);
    expect(satisfactionOf(row).state).toBe("sent");
    expect(await loadSurvey(db, token)).toMatchObject({ reference: row.reference, state: "open" });
  });

  it("sends nothing for an unidentified customer (the outbox reaches members only)", async () => {
    const { complaintId } = await closedComplaint({ anonymous: true });
    expect(await surveyMessages(complaintId)).toEqual([]);
    expect((await complaintRow(complaintId)).surveyTokenHash).toBeNull();
  });

  it("records the answer once: score, comment, time, a 'survey' event and an audit entry by the customer", async () => {
    const { complaintId } = await closedComplaint();
    const token = tokenOf((await surveyMessages(complaintId))[0]!.params.surveyUrl);
    await answer(token, 4, "  处理及时，态度很好  ");
    const row = await complaintRow(complaintId);
    expect(row).toMatchObject({ satisfactionScore: 4, satisfactionComment: "处理及时，态度很好" });
    expect(row.surveyAnsweredAt).not.toBeNull();
    expect(satisfactionOf(row)).toMatchObject({ state: "answered", score: 4 });
    const events = await db.select().from(complaintEvents).where(eq(complaintEvents.complaintId, complaintId));
    const survey = events.filter((e) => e.kind === "survey");
    expect(survey).toHaveLength(1);
    expect(survey[0]).toMatchObject({ actorLabel: "customer", actorStaffId: null, outcome: "4" });
    const audit = await auditEntries(db, { action: "complaint.survey_answer", entityId: complaintId });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorLabel: "customer", actorStaffId: null });
    expect(JSON.stringify(audit[0]!.details)).not.toContain("处理及时");

    const second = await expectAppError(answer(token, 1, "改主意了"), "conflict");
    expect(second.details).toEqual({ reason: "answered" });
    expect((await complaintRow(complaintId)).satisfactionScore).toBe(4);
    expect((await loadSurvey(db, token))?.state).toBe("answered");
  });

  it("refuses an expired link (30 days after sending) and an unknown one", async () => {
    const { complaintId } = await closedComplaint();
    const token = tokenOf((await surveyMessages(complaintId))[0]!.params.surveyUrl);
    const sentAt = (await complaintRow(complaintId)).surveySentAt!;
    const late = addDays(sentAt, 30);
    expect((await loadSurvey(db, token, late))?.state).toBe("expired");
    const expired = await expectAppError(answer(token, 5, undefined, late), "conflict");
    expect(expired.details).toEqual({ reason: "expired" });
    expect((await complaintRow(complaintId)).surveyAnsweredAt).toBeNull();

    const unknown = "A".repeat(43);
    expect(await loadSurvey(db, unknown)).toBeNull();
    await expectAppError(answer(unknown, 5), "not_found");
    expect(() => answerSurveySchema.parse({ token: "short", score: 5 })).toThrow();
    expect(() => answerSurveySchema.parse({ token: unknown, score: 6 })).toThrow();
    expect(() => answerSurveySchema.parse({ token: unknown, score: 3, comment: "x".repeat(1001) })).toThrow();
  });

  it("a complaint reopened and closed again is not asked a second time", async () => {
    const { complaintId } = await closedComplaint();
    const hash = (await complaintRow(complaintId)).surveyTokenHash;
    await runAs(db, reopenComplaintUseCase, service, { complaintId, reason: "顾客又来电" });
    await runAs(db, resolveComplaintUseCase, service, { complaintId, rootCause: "虚焊", actionTaken: "再换" });
    await runAs(db, changeComplaintStatusUseCase, service, { complaintId, transition: "close" });
    expect(await surveyMessages(complaintId)).toHaveLength(3);
    expect((await complaintRow(complaintId)).surveyTokenHash).toBe(hash);
    const row = await complaintRow(complaintId);
    expect(await inTx(db, (tx) => sendSatisfactionSurvey(tx, row))).toBeNull();
  });
});
