import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { complaints, inquiries } from "@/db/schema";
import type { ComplaintCategory } from "@/lib/complaints/cases/schemas";
import { createPrincipal, type TestPrincipal } from "@/tests/helpers/members";
import { createTestStore, setupTestDatabase, testDriver, uniqueSuffix, type TestStore } from "@/tests/helpers/test-db";
import { complaintReport, complaintReportParamsSchema } from "./queries";

// Times in Asia/Shanghai (the test store's zone); "now" is 15 December 2026.
const NOW = new Date("2026-12-15T12:00:00+08:00");
const at = (local: string) => new Date(`${local}+08:00`);

let db: Db;
let store: TestStore;
let otherStore: TestStore;
let manager: TestPrincipal;

type Fixture = {
  storeId?: string;
  category?: ComplaintCategory;
  received: string;
  responseDue: string;
  responded?: string;
  resolutionDue: string;
  resolved?: string;
  score?: number;
};

async function complaint(f: Fixture) {
  const [row] = await db
    .insert(complaints)
    .values({
      reference: `RPT-${uniqueSuffix()}`,
      storeId: f.storeId ?? store.id,
      customerName: "测试",
      customerContact: "13800000000",
      channel: "hotline",
      category: f.category ?? "product_quality",
      severity: "medium",
      status: f.resolved ? "resolved" : "investigating",
      description: "report fixture",
      receivedAt: at(f.received),
      firstResponseTargetMin: 240,
      resolutionTargetMin: 1800,
      firstResponseDueAt: at(f.responseDue),
      resolutionDueAt: at(f.resolutionDue),
      firstRespondedAt: f.responded ? at(f.responded) : null,
      resolvedAt: f.resolved ? at(f.resolved) : null,
      satisfactionScore: f.score ?? null,
      surveyAnsweredAt: f.score ? at(f.resolved!) : null,
    })
    .returning({ id: complaints.id });
  return row!.id;
}

async function inquiry(received: string, answered: string | null, complaintId: string | null = null, storeId?: string) {
  await db.insert(inquiries).values({
    storeId: storeId ?? store.id,
    channel: "hotline",
    topic: "opening_hours",
    question: "几点关门？",
    receivedAt: at(received),
    answeredAt: answered ? at(answered) : null,
    answer: answered ? "22:00" : null,
    complaintId,
  });
}

setupTestDatabase(async (opened) => {
  db = opened;
  store = await createTestStore(db);
  otherStore = await createTestStore(db);
  manager = await createPrincipal(db, ["manager"], [store.id]);

  // November, product quality: one met on both clocks, one late on both, one never answered (missed on both by now).
  const met = await complaint({
    received: "2026-11-02T10:00:00",
    responseDue: "2026-11-02T14:00:00",
    responded: "2026-11-02T11:00:00",
    resolutionDue: "2026-11-05T14:00:00",
    resolved: "2026-11-04T12:00:00",
    score: 5,
  });
  await complaint({
    received: "2026-11-03T10:00:00",
    responseDue: "2026-11-03T14:00:00",
    responded: "2026-11-03T15:00:00",
    resolutionDue: "2026-11-06T14:00:00",
    resolved: "2026-11-08T12:00:00",
    score: 2,
  });
  await complaint({
    received: "2026-11-10T10:00:00",
    responseDue: "2026-11-10T14:00:00",
    resolutionDue: "2026-11-15T14:00:00",
  });
  // November, parking: answered in time, resolution not yet due (in neither count).
  await complaint({
    category: "parking",
    received: "2026-11-20T10:00:00",
    responseDue: "2026-11-20T14:00:00",
    responded: "2026-11-20T12:00:00",
    resolutionDue: "2026-12-20T14:00:00",
  });
  // 00:30 on 1 December in Shanghai is still 30 November in UTC: it counts in December.
  await complaint({
    received: "2026-12-01T00:30:00",
    responseDue: "2026-12-01T14:00:00",
    responded: "2026-12-01T11:00:00",
    resolutionDue: "2026-12-04T14:00:00",
    resolved: "2026-12-03T12:00:00",
  });
  // Outside the range, and another store's (outside the manager's scope).
  await complaint({
    received: "2026-10-31T21:00:00",
    responseDue: "2026-11-01T14:00:00",
    resolutionDue: "2026-11-04T14:00:00",
  });
  await complaint({
    storeId: otherStore.id,
    received: "2026-11-02T10:00:00",
    responseDue: "2026-11-02T14:00:00",
    resolutionDue: "2026-11-05T14:00:00",
  });

  // Inquiries in November: answered in 30, 90 and 10 minutes (one then turned into a complaint), one unanswered.
  await inquiry("2026-11-02T10:00:00", "2026-11-02T10:30:00");
  await inquiry("2026-11-03T10:00:00", "2026-11-03T11:30:00");
  await inquiry("2026-11-04T10:00:00", null);
  await inquiry("2026-11-05T10:00:00", "2026-11-05T10:10:00", met);
  await inquiry("2026-11-05T10:00:00", "2026-11-05T10:10:00", null, otherStore.id);
});

describe(`complaints report on ${testDriver()}`, () => {
  it("counts complaints, SLA met % and satisfaction per store, month and category; inquiries per store and month", async () => {
    const params = complaintReportParamsSchema.parse({ from: "2026-11-01", to: "2026-12-31" });
    const report = await complaintReport(db, manager, params, NOW);
    expect(report.from).toBe("2026-11-01");
    expect(report.complaints.map((r) => [r.storeId, r.month, r.category])).toEqual([
      [store.id, "2026-11", "product_quality"],
      [store.id, "2026-11", "parking"],
      [store.id, "2026-12", "product_quality"],
    ]);
    const [novQuality, novParking, decQuality] = report.complaints;
    expect(novQuality).toMatchObject({
      received: 3,
      resolved: 2,
      responseMet: 1,
      responseDecided: 3,
      responseMetPercent: 33.3,
      resolutionMet: 1,
      resolutionDecided: 3,
      resolutionMetPercent: 33.3,
      satisfactionAnswers: 2,
      satisfactionAverage: 3.5,
    });
    expect(novParking).toMatchObject({
      received: 1,
      resolved: 0,
      responseMetPercent: 100,
      resolutionDecided: 0,
      resolutionMetPercent: null,
      satisfactionAnswers: 0,
      satisfactionAverage: null,
    });
    expect(decQuality).toMatchObject({ received: 1, resolved: 1, responseMetPercent: 100, resolutionMetPercent: 100 });

    expect(report.inquiries).toEqual([
      {
        storeId: store.id,
        storeName: store.name,
        storeNameEn: null,
        month: "2026-11",
        received: 4,
        answered: 3,
        converted: 1,
        averageMinutesToAnswer: 43.3,
        medianMinutesToAnswer: 30,
      },
    ]);
  });

  it("is empty for a range without data, and a reversed range is read the right way round", async () => {
    const empty = await complaintReport(
      db,
      manager,
      complaintReportParamsSchema.parse({ from: "2025-01-01", to: "2025-01-31" }),
      NOW,
    );
    expect(empty).toMatchObject({ complaints: [], inquiries: [] });
    const reversed = await complaintReport(
      db,
      manager,
      complaintReportParamsSchema.parse({ from: "2026-11-30", to: "2026-11-01" }),
      NOW,
    );
    expect(reversed.from).toBe("2026-11-01");
    expect(reversed.complaints.reduce((sum, r) => sum + r.received, 0)).toBe(4);
  });
});
