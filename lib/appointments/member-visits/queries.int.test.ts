import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { appointments, appointmentTypes } from "@/db/schema";
import { createPrincipal, insertMember } from "@/tests/helpers/members";
import {
  createTestStaff,
  createTestStore,
  setupTestDatabase,
  uniqueSuffix,
  type TestStore,
} from "@/tests/helpers/test-db";
import { memberVisits } from "./queries";

let db: Db;
let store: TestStore;
let otherStore: TestStore;
let typeId: string;
let advisorId: string;
setupTestDatabase(async (opened) => {
  db = opened;
  store = await createTestStore(db);
  otherStore = await createTestStore(db);
  advisorId = (await createTestStaff(db, { roles: ["advisor"], storeIds: [store.id, otherStore.id] })).id;
  const [type] = await db
    .insert(appointmentTypes)
    .values({
      code: `visit_${uniqueSuffix(6).toLowerCase()}`,
      nameZh: "珠宝品鉴",
      nameEn: "Jewelry viewing",
      durationMin: 60,
    })
    .returning({ id: appointmentTypes.id });
  typeId = type!.id;
});

const HOUR = 3_600_000;

async function visit(
  memberId: string,
  storeId: string,
  startsAt: Date,
  status: (typeof appointments.$inferInsert)["status"],
) {
  await db.insert(appointments).values({
    storeId,
    memberId,
    typeId,
    advisorId,
    startsAt,
    endsAt: new Date(startsAt.getTime() + HOUR),
    blockedUntil: new Date(startsAt.getTime() + HOUR),
    status,
  });
}

describe("memberVisits (the 360° view's appointments)", () => {
  it("lists upcoming and past visits at the reader's stores and counts completed visits and no-shows", async () => {
    const member = await insertMember(db, { storeId: store.id });
    const now = new Date("2031-03-10T06:00:00Z");
    await visit(member.id, store.id, new Date(now.getTime() - 50 * HOUR), "completed");
    await visit(member.id, store.id, new Date(now.getTime() - 30 * HOUR), "no_show");
    await visit(member.id, store.id, new Date(now.getTime() - 10 * HOUR), "no_show");
    await visit(member.id, store.id, new Date(now.getTime() + 20 * HOUR), "confirmed");
    await visit(member.id, store.id, new Date(now.getTime() + 40 * HOUR), "cancelled");
    await visit(member.id, otherStore.id, new Date(now.getTime() + 60 * HOUR), "confirmed");
    const reader = await createPrincipal(db, ["manager"], [store.id]);

    const visits = await memberVisits(db, reader, member.id, now);

    expect(visits.completed).toBe(1);
    expect(visits.noShows).toBe(2);
    expect(visits.upcoming.map((v) => v.status)).toEqual(["confirmed"]);
    expect(visits.upcoming[0]!.typeNameZh).toBe("珠宝品鉴");
    expect(visits.recent.map((v) => v.status)).toEqual(["no_show", "no_show", "completed"]);
  });
});
