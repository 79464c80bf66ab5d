import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase, rowsOf, type Db } from "@/db/client";
import { appointmentEvents, appointments, appointmentTypes, auditLog, members, stores } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/service";
import { callApi } from "@/tests/helpers/api";
import { createBookingWorld, localAt, outboxOf, type BookingWorld } from "@/tests/helpers/booking";
import { setupTestDatabase, testDriver } from "@/tests/helpers/test-db";
import { shiftDay, todayIn } from "@/lib/time";
import { availabilityRoute, requestAppointmentRoute } from "./routes";

/**
 * The mini-program's operations through the real pipeline (handleApiRequest) with real keys: the
 * free starts of a day, and a booking request that goes through the same locks as a staff booking.
 */

let db: Db;
setupTestDatabase((opened) => {
  db = opened;
});

type ApiWorld = BookingWorld & { appKey: string; posKey: string; typeCode: string; phone: string };

async function apiWorld(options: Parameters<typeof createBookingWorld>[1] = {}): Promise<ApiWorld> {
  const w = await createBookingWorld(db, options);
  const appKey = await createApiKey(
    db,
    { label: "cli" },
    { storeId: w.store.id, name: "mini-program", kind: "member_app", rateLimitPerMinute: 1e6 },
  );
  const posKey = await createApiKey(
    db,
    { label: "cli" },
    { storeId: w.store.id, name: "till", rateLimitPerMinute: 1e6 },
  );
  const [type] = await db
    .select({ code: appointmentTypes.code })
    .from(appointmentTypes)
    .where(eq(appointmentTypes.id, w.typeId));
  const [member] = await db.select({ phone: members.phoneE164 }).from(members).where(eq(members.id, w.memberId));
  return {
    ...w,
    appKey: appKey.key,
    posKey: posKey.key,
    typeCode: type!.code,
    phone: member!.phone!.replace(/^\+86/, ""),
  };
}

const availabilityPath = (query: Record<string, string>) => `/api/v1/availability?${new URLSearchParams(query)}`;
const inDays = (days: number) => shiftDay(todayIn("Asia/Shanghai"), { days });

function request(w: ApiWorld, overrides: Record<string, unknown> = {}) {
  return {
    storeCode: w.store.code,
    member: { phone: w.phone },
    typeCode: w.typeCode,
    startsAt: localAt("11:00"),
    ...overrides,
  };
}

describe(`mini-program availability on ${testDriver()}`, () => {
  it("answers the free starts of the store's day for the type, with the advisors free at each", async () => {
    const w = await apiWorld();
    const res = await callApi(db, availabilityRoute, {
      key: w.appKey,
      path: availabilityPath({ storeCode: w.store.code, type: w.typeCode, date: inDays(3) }),
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ storeCode: w.store.code, date: inDays(3), typeCode: w.typeCode });
    expect(res.json.timeZone).toBeTruthy();
    const slots = res.json.slots as { time: string; startsAt: string; advisorIds: string[] }[];
    // 10:00–22:00, 60 minutes + 15 buffer: the last start is 20:45.
    expect(slots[0]).toMatchObject({ time: "10:00", startsAt: new Date(localAt("10:00")).toISOString() });
    expect(slots.at(-1)!.time).toBe("20:45");
    expect(slots[0]!.advisorIds.sort()).toEqual(w.advisors.map((a) => a.id).sort());
  });

  it("refuses an unknown store or type, a date out of range or malformed, and a NUL, naming the field", async () => {
    const w = await apiWorld();
    const base = { storeCode: w.store.code, type: w.typeCode, date: inDays(3) };
    const cases: [Record<string, string>, string][] = [
      [{ ...base, storeCode: "NOPE" }, "storeCode"],
      [{ ...base, type: "NOPE" }, "type"],
      [{ ...base, date: "2024-02-30" }, "date"],
      [{ ...base, date: "0001-01-01" }, "date"],
      [{ ...base, date: "tomorrow" }, "date"],
      [{ ...base, date: inDays(-1) }, "date"],
      [{ ...base, date: inDays(61) }, "date"],
      [{ ...base, type: "a\u0000b" }, "type"],
    ];
    for (const [query, field] of cases) {
      const res = await callApi(db, availabilityRoute, { key: w.appKey, path: availabilityPath(query) });
      expect(res.status, JSON.stringify(query)).toBe(422);
      expect(Object.keys(res.json.error!.fields ?? {}).join(), JSON.stringify(query)).toContain(field);
    }
    expect(
      (await callApi(db, availabilityRoute, { key: w.appKey, path: availabilityPath({ ...base, date: inDays(60) }) }))
        .status,
    ).toBe(200);
  });

  it("an inactive store is unknown", async () => {
    const w = await apiWorld();
    const other = await apiWorld();
    await db.update(stores).set({ active: false }).where(eq(stores.id, other.store.id));
    const res = await callApi(db, availabilityRoute, {
      key: w.appKey,
      path: availabilityPath({ storeCode: other.store.code, type: w.typeCode, date: inDays(3) }),
    });
    expect(res.status).toBe(422);
    expect(res.json.error!.fields).toHaveProperty("storeCode");
  });

  it("a till's key may call neither operation", async () => {
    const w = await apiWorld();
    const read = await callApi(db, availabilityRoute, {
      key: w.posKey,
      path: availabilityPath({ storeCode: w.store.code, type: w.typeCode, date: inDays(3) }),
    });
    expect(read.status).toBe(403);
    const book = await callApi(db, requestAppointmentRoute, { key: w.posKey, body: request(w) });
    expect(book.status).toBe(403);
    expect(await db.$count(appointments, eq(appointments.storeId, w.store.id))).toBe(0);
  });
});

describe(`mini-program booking on ${testDriver()}`, () => {
  it("creates a requested visit from the mini-program, its 'booked' event and audit entry by the key, and the confirmation", async () => {
    const w = await apiWorld({ advisors: 1 });
    const res = await callApi(db, requestAppointmentRoute, { key: w.appKey, body: request(w) });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.json).toMatchObject({
      storeCode: w.store.code,
      typeCode: w.typeCode,
      advisorId: w.advisors[0]!.id,
      startsAt: new Date(localAt("11:00")).toISOString(),
      endsAt: new Date(localAt("12:00")).toISOString(),
      status: "requested",
    });
    const id = res.json.appointmentId as string;
    const [row] = await db.select().from(appointments).where(eq(appointments.id, id));
    expect(row).toMatchObject({
      memberId: w.memberId,
      status: "requested",
      source: "mini_program",
      createdBy: null,
      tierOverrideBy: null,
    });
    const [event] = await db.select().from(appointmentEvents).where(eq(appointmentEvents.appointmentId, id));
    expect(event).toMatchObject({ kind: "booked", actorStaffId: null });
    expect(event!.actorLabel).toMatch(/^api:mini-program \(atr_live_/);
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.entityId, id));
    expect(audit).toMatchObject({ action: "appointment.book", actorStaffId: null, actorLabel: event!.actorLabel });
    expect(audit!.details).toMatchObject({ source: "mini_program", memberId: w.memberId });
    expect((await outboxOf(db, id)).map((m) => m.templateCode)).toContain("appointment_confirmed");
  });

  it("the same Idempotency-Key replays the first answer and books once", async () => {
    const w = await apiWorld();
    const key = crypto.randomUUID();
    const first = await callApi(db, requestAppointmentRoute, { key: w.appKey, body: request(w), idempotencyKey: key });
    const again = await callApi(db, requestAppointmentRoute, { key: w.appKey, body: request(w), idempotencyKey: key });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(again.json).toEqual(first.json);
    expect(await db.$count(appointments, eq(appointments.storeId, w.store.id))).toBe(1);
  });

  it("a taken slot is 409 slot_taken with the next free starts", async () => {
    const w = await apiWorld({ advisors: 1 });
    expect((await callApi(db, requestAppointmentRoute, { key: w.appKey, body: request(w) })).status).toBe(201);
    const taken = await callApi(db, requestAppointmentRoute, {
      key: w.appKey,
      body: request(w, { startsAt: localAt("11:30") }),
    });
    expect(taken.status).toBe(409);
    expect(taken.json.error!.code).toBe("slot_taken");
    const alternatives = (taken.json.error as { details?: { alternatives?: { startsAt: string }[] } }).details!
      .alternatives!;
    expect(alternatives.length).toBeGreaterThan(0);
    expect(alternatives[0]!.startsAt).toBe(new Date(localAt("12:15")).toISOString());
  });

  it("refuses a member below the type's tier (no override through the API), an unknown phone, a past start, an unknown advisor", async () => {
    const w = await apiWorld({ type: { minTier: "diamond" } });
    const low = await callApi(db, requestAppointmentRoute, { key: w.appKey, body: request(w) });
    expect(low.status).toBe(422);
    expect(low.json.error!.fields).toHaveProperty("member");
    const nobody = await callApi(db, requestAppointmentRoute, {
      key: w.appKey,
      body: request(w, { member: { phone: "19900000000" } }),
    });
    expect(nobody.status).toBe(422);
    expect(nobody.json.error!.code).toBe("member_not_found");
    const past = await callApi(db, requestAppointmentRoute, {
      key: w.appKey,
      body: request(w, { startsAt: localAt("11:00", -1) }),
    });
    expect(past.status).toBe(422);
    expect(past.json.error!.fields).toHaveProperty("startsAt");
    const open = await apiWorld();
    const unknownAdvisor = await callApi(db, requestAppointmentRoute, {
      key: open.appKey,
      body: request(open, { advisorId: crypto.randomUUID() }),
    });
    expect(unknownAdvisor.status).toBe(422);
    expect(unknownAdvisor.json.error!.fields).toHaveProperty("advisorId");
    expect(await db.$count(appointments, eq(appointments.storeId, w.store.id))).toBe(0);
    expect(await db.$count(appointments, eq(appointments.storeId, open.store.id))).toBe(0);
  });
});

describe.runIf(testDriver() === "postgres")("simultaneous API bookings (PostgreSQL only)", () => {
  it("10 requests for one slot with different idempotency keys: exactly one 201, nine 409", async () => {
    const w = await apiWorld({ advisors: 1 });
    const [{ name }] = rowsOf<{ name: string }>(await db.execute(sql`select current_database() as name`)) as [
      { name: string },
    ];
    const url = new URL(process.env.ATRIUM_TEST_PG_URL!);
    url.pathname = `/${name}`;
    const pool = openDatabase({ url: url.toString(), poolMax: 10 });
    try {
      const answers = await Promise.all(
        Array.from({ length: 10 }, () =>
          callApi(pool.db, requestAppointmentRoute, { key: w.appKey, body: request(w) }),
        ),
      );
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses, JSON.stringify(answers.map((a) => a.json))).toEqual([201, ...Array(9).fill(409)]);
      expect(answers.filter((a) => a.status === 409).every((a) => a.json.error!.code === "slot_taken")).toBe(true);
    } finally {
      await pool.close();
    }
    expect(await db.$count(appointments, eq(appointments.storeId, w.store.id))).toBe(1);
  });
});
