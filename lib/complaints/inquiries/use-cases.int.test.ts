import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { complaints, inquiries } from "@/db/schema";
import { expectAppError } from "@/tests/helpers/errors";
import { createPrincipal, insertMember, type TestPrincipal } from "@/tests/helpers/members";
import { runAs } from "@/tests/helpers/run-as";
import { auditEntries, createTestStore, setupTestDatabase, testDriver, type TestStore } from "@/tests/helpers/test-db";
import { getInquiry, inquiryListParamsSchema, listInquiries } from "./queries";
import type { LogInquiryInput } from "./schemas";
import { answerInquiryUseCase, convertInquiryUseCase, logInquiryUseCase } from "./use-cases";

// 2026-11-23 is a Monday; the test store is open 10:00–22:00 in Asia/Shanghai.
const RECEIVED = "2026-11-23T11:00:00+08:00";

let db: Db;
let store: TestStore;
let otherStore: TestStore;
let service: TestPrincipal;
let advisor: TestPrincipal;
let otherService: TestPrincipal;

setupTestDatabase(async (opened) => {
  db = opened;
  store = await createTestStore(db);
  otherStore = await createTestStore(db);
  service = await createPrincipal(db, ["service"], [store.id]);
  advisor = await createPrincipal(db, ["advisor"], [store.id]);
  otherService = await createPrincipal(db, ["service"], [otherStore.id]);
});

function question(overrides: Partial<LogInquiryInput> = {}): LogInquiryInput {
  return {
    storeId: store.id,
    channel: "hotline",
    topic: "opening_hours",
    question: "春节期间几点关门？",
    customerName: "李先生",
    customerContact: "13900001111",
    receivedAt: RECEIVED,
    ...overrides,
  };
}

async function inquiryRow(id: string) {
  const [row] = await db.select().from(inquiries).where(eq(inquiries.id, id));
  return row!;
}

describe(`inquiries on ${testDriver()}`, () => {
  it("logs a question and answers it: answered_at and by, the time to answer, audit entries", async () => {
    const { inquiryId } = await runAs(db, logInquiryUseCase, service, question());
    expect(await inquiryRow(inquiryId)).toMatchObject({
      storeId: store.id,
      topic: "opening_hours",
      channel: "hotline",
      answer: null,
      answeredAt: null,
      complaintId: null,
      createdBy: service.id,
    });
    await runAs(db, answerInquiryUseCase, service, { inquiryId, answer: "除夕营业至18:00。" });
    const answered = await inquiryRow(inquiryId);
    expect(answered).toMatchObject({ answer: "除夕营业至18:00。", answeredBy: service.id });
    expect(answered.answeredAt).not.toBeNull();

    // A correction keeps the first answer's time (the time to answer does not move).
    await runAs(db, answerInquiryUseCase, service, { inquiryId, answer: "除夕营业至 18:00，初一休息。" });
    const corrected = await inquiryRow(inquiryId);
    expect(corrected.answer).toBe("除夕营业至 18:00，初一休息。");
    expect(corrected.answeredAt).toEqual(answered.answeredAt);

    const detail = await getInquiry(db, service, inquiryId);
    expect(detail).toMatchObject({ status: "answered", customerName: expect.not.stringContaining("李先生") });
    expect(detail!.minutesToAnswer).toBeGreaterThan(0);
    expect(detail!.maskedContact).not.toBe("13900001111");

    const listed = await listInquiries(db, service, inquiryListParamsSchema.parse({ status: "answered" }));
    expect(listed.rows.map((r) => r.id)).toContain(inquiryId);
    const unanswered = await listInquiries(db, service, inquiryListParamsSchema.parse({ status: "unanswered" }));
    expect(unanswered.rows.map((r) => r.id)).not.toContain(inquiryId);

    expect(await auditEntries(db, { action: "inquiry.create", entityId: inquiryId })).toHaveLength(1);
    const answers = await auditEntries(db, { action: "inquiry.answer", entityId: inquiryId });
    expect(answers.map((a) => a.details)).toEqual([{ first: true }, { first: false }]);
    // The answer text stays out of the audit details (the whole row would hold its timestamp, which may read 18:00).
    expect(JSON.stringify(answers.map((a) => a.details))).not.toContain("18:00");
  });

  it("turns an inquiry into a complaint once, with everything carried over", async () => {
    const member = await insertMember(db, { storeId: store.id });
    const { inquiryId } = await runAs(
      db,
      logInquiryUseCase,
      service,
      question({ memberId: member.id, topic: "after_sales", question: "戒指保养后出现划痕，怎么办？" }),
    );
    await runAs(db, answerInquiryUseCase, service, { inquiryId, answer: "请带来门店检查。" });
    const converted = await runAs(db, convertInquiryUseCase, service, {
      inquiryId,
      category: "after_sales",
      severity: "high",
    });
    const [complaint] = await db.select().from(complaints).where(eq(complaints.id, converted.complaintId));
    expect(complaint).toMatchObject({
      storeId: store.id,
      memberId: member.id,
      channel: "hotline",
      category: "after_sales",
      severity: "high",
      status: "new",
      createdBy: service.id,
    });
    expect(complaint!.description).toContain("戒指保养后出现划痕，怎么办？");
    expect(complaint!.description).toContain("请带来门店检查。");
    expect(complaint!.receivedAt).toEqual(new Date(RECEIVED));
    expect((await inquiryRow(inquiryId)).complaintId).toBe(converted.complaintId);
    expect((await getInquiry(db, service, inquiryId))?.complaintReference).toBe(complaint!.reference);

    const again = await expectAppError(
      runAs(db, convertInquiryUseCase, service, { inquiryId, category: "after_sales", severity: "high" }),
      "conflict",
    );
    expect(again.details).toEqual({ complaintId: converted.complaintId });
    expect(await db.select().from(complaints).where(eq(complaints.memberId, member.id))).toHaveLength(1);
    expect(await auditEntries(db, { action: "inquiry.convert", entityId: inquiryId })).toHaveLength(1);
  });

  it("an anonymous inquiry asks the dialog for the name and contact a complaint needs", async () => {
    const { inquiryId } = await runAs(
      db,
      logInquiryUseCase,
      service,
      question({ customerName: "", customerContact: "", topic: "product" }),
    );
    const missing = await expectAppError(
      runAs(db, convertInquiryUseCase, service, { inquiryId, category: "product_quality", severity: "low" }),
      "validation",
    );
    expect(Object.keys(missing.fieldErrors ?? {}).sort()).toEqual(["customerContact", "customerName"]);
    expect((await inquiryRow(inquiryId)).complaintId).toBeNull();
    const converted = await runAs(db, convertInquiryUseCase, service, {
      inquiryId,
      category: "product_quality",
      severity: "low",
      customerName: "匿名顾客",
      customerContact: "13700002222",
    });
    const [complaint] = await db.select().from(complaints).where(eq(complaints.id, converted.complaintId));
    expect(complaint).toMatchObject({ customerName: "匿名顾客", customerContact: "13700002222", memberId: null });
  });

  it("keeps to the store scope: another store's inquiry is not found, and not listed", async () => {
    const { inquiryId } = await runAs(db, logInquiryUseCase, service, question());
    await expectAppError(runAs(db, logInquiryUseCase, otherService, question()), "not_found");
    await expectAppError(runAs(db, answerInquiryUseCase, otherService, { inquiryId, answer: "x" }), "not_found");
    await expectAppError(
      runAs(db, convertInquiryUseCase, otherService, { inquiryId, category: "parking", severity: "low" }),
      "not_found",
    );
    expect(await getInquiry(db, otherService, inquiryId)).toBeNull();
    const listed = await listInquiries(db, otherService, inquiryListParamsSchema.parse({}));
    expect(listed.rows.map((r) => r.id)).not.toContain(inquiryId);
  });

  it("needs complaints.handle: an advisor may not log, answer or convert", async () => {
    const { inquiryId } = await runAs(db, logInquiryUseCase, service, question());
    await expectAppError(runAs(db, logInquiryUseCase, advisor, question()), "forbidden");
    await expectAppError(runAs(db, answerInquiryUseCase, advisor, { inquiryId, answer: "x" }), "forbidden");
    await expectAppError(
      runAs(db, convertInquiryUseCase, advisor, { inquiryId, category: "parking", severity: "low" }),
      "forbidden",
    );
    const missing = await expectAppError(
      runAs(db, logInquiryUseCase, service, question({ question: "  ", topic: "weather" as never })),
      "validation",
    );
    expect(Object.keys(missing.fieldErrors ?? {}).sort()).toEqual(["question", "topic"]);
  });
});
