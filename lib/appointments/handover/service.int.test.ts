import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { appointmentEvents, appointments, auditLog, clientelingTasks, members } from "@/db/schema";
import { bookAppointmentUseCase } from "@/lib/appointments/booking/use-cases";
import { todayIn } from "@/lib/time";
import { createBookingWorld, localAt, outboxOf, type BookingWorld } from "@/tests/helpers/booking";
import { expectAppError } from "@/tests/helpers/errors";
import { insertMember } from "@/tests/helpers/members";
import { runAs } from "@/tests/helpers/run-as";
import { setupTestDatabase, testDriver, uniqueSuffix } from "@/tests/helpers/test-db";
import { handoverUseCase } from "./use-cases";

let db: Db;
setupTestDatabase((opened) => {
  db = opened;
});

async function book(w: BookingWorld, time: string, advisorIndex: number) {
  const booked = await runAs(db, bookAppointmentUseCase, w.manager, {
    storeId: w.store.id,
    memberId: w.memberId,
    typeId: w.typeId,
    startsAt: localAt(time),
    advisorId: w.advisors[advisorIndex]!.id,
  });
  return booked.appointmentId;
}

async function task(w: BookingWorld, assigneeId: string, status: "open" | "done" = "open") {
  const [row] = await db
    .insert(clientelingTasks)
    .values({
      storeId: w.store.id,
      assigneeId,
      memberId: w.memberId,
      kind: "care_call",
      sourceKey: `test:${uniqueSuffix(12)}`,
      dueOn: todayIn("Asia/Shanghai"),
      status,
      ...(status === "open" ? {} : { closedAt: new Date() }),
    })
    .returning({ id: clientelingTasks.id });
  return row!.id;
}

/** Advisor 1 leaves: two clients, a visit advisor 2 can take, one they cannot (booked then), an open and a done task. */
async function handoverWorld() {
  const w = await createBookingWorld(db);
  const [from, to] = w.advisors as [BookingWorld["advisors"][number], BookingWorld["advisors"][number]];
  const clients = [
    await insertMember(db, { storeId: w.store.id, advisorId: from.id }),
    await insertMember(db, { storeId: w.store.id, advisorId: from.id }),
  ];
  const elsewhere = await createBookingWorld(db);
  const otherStoreClient = await insertMember(db, { storeId: elsewhere.store.id, advisorId: from.id });
  const free = await book(w, "11:00", 0);
  const clash = await book(w, "14:00", 0);
  await book(w, "14:30", 1);
  const openTask = await task(w, from.id);
  const doneTask = await task(w, from.id, "done");
  return { w, from, to, clients, otherStoreClient, free, clash, openTask, doneTask, elsewhere };
}

const input = (h: Awaited<ReturnType<typeof handoverWorld>>, dryRun: boolean) => ({
  storeId: h.w.store.id,
  fromAdvisorId: h.from.id,
  toAdvisorId: h.to.id,
  moveClients: true,
  moveAppointments: true,
  moveTasks: true,
  dryRun,
});

async function advisorOf(appointmentId: string) {
  const [row] = await db
    .select({ advisorId: appointments.advisorId })
    .from(appointments)
    .where(eq(appointments.id, appointmentId));
  return row!.advisorId;
}

describe(`advisor handover on ${testDriver()}`, () => {
  it("a dry run lists the moves and the conflicts and writes nothing", async () => {
    const h = await handoverWorld();
    const audits = await db.$count(auditLog);
    const preview = await runAs(db, handoverUseCase, h.w.manager, input(h, true));
    expect(preview).toMatchObject({ dryRun: true, clients: 2, tasks: 1 });
    expect(preview.moved.map((v) => v.appointmentId)).toEqual([h.free]);
    expect(preview.conflicts).toEqual([expect.objectContaining({ appointmentId: h.clash, reason: "advisor_busy" })]);
    expect(await advisorOf(h.free)).toBe(h.from.id);
    expect(await db.$count(members, eq(members.advisorId, h.to.id))).toBe(0);
    expect(await db.$count(clientelingTasks, eq(clientelingTasks.assigneeId, h.to.id))).toBe(0);
    expect(await db.$count(auditLog)).toBe(audits);
  });

  it("moves the clients, the free visit and the open task; the conflicting visit stays and is listed", async () => {
    const h = await handoverWorld();
    const result = await runAs(db, handoverUseCase, h.w.manager, input(h, false));
    expect(result).toMatchObject({ dryRun: false, clients: 2, tasks: 1 });
    expect(result.moved.map((v) => v.appointmentId)).toEqual([h.free]);
    expect(result.conflicts).toEqual([
      expect.objectContaining({
        appointmentId: h.clash,
        reason: "advisor_busy",
        startsAt: new Date(localAt("14:00")).toISOString(),
      }),
    ]);
    expect(result.conflicts[0]!.memberName).toContain("*");

    expect(await advisorOf(h.free)).toBe(h.to.id);
    expect(await advisorOf(h.clash)).toBe(h.from.id);
    const [event] = await db
      .select()
      .from(appointmentEvents)
      .where(and(eq(appointmentEvents.appointmentId, h.free), eq(appointmentEvents.kind, "rescheduled")));
    expect(event).toMatchObject({ fromAdvisorId: h.from.id, toAdvisorId: h.to.id, actorStaffId: h.w.manager.id });
    expect(event!.fromStartsAt?.toISOString()).toBe(event!.toStartsAt?.toISOString());
    expect((await outboxOf(db, h.free)).map((m) => m.templateCode)).toContain("appointment_rescheduled");
    expect((await outboxOf(db, h.clash)).map((m) => m.templateCode)).not.toContain("appointment_rescheduled");

    for (const client of h.clients) {
      const [row] = await db.select({ advisorId: members.advisorId }).from(members).where(eq(members.id, client.id));
      expect(row!.advisorId).toBe(h.to.id);
    }
    const [elsewhere] = await db
      .select({ advisorId: members.advisorId })
      .from(members)
      .where(eq(members.id, h.otherStoreClient.id));
    expect(elsewhere!.advisorId).toBe(h.from.id);
    const tasks = await db
      .select({ id: clientelingTasks.id, assigneeId: clientelingTasks.assigneeId })
      .from(clientelingTasks)
      .where(eq(clientelingTasks.storeId, h.w.store.id));
    expect(Object.fromEntries(tasks.map((t) => [t.id, t.assigneeId]))).toMatchObject({
      [h.openTask]: h.to.id,
      [h.doneTask]: h.from.id,
    });
    const clientAudit = await db
      .select({ details: auditLog.details })
      .from(auditLog)
      .where(and(eq(auditLog.action, "member.update"), eq(auditLog.entityId, h.clients[0]!.id)));
    expect(clientAudit[0]!.details).toMatchObject({ advisorChange: { from: h.from.id, to: h.to.id } });
    expect(await db.$count(auditLog, eq(auditLog.action, "appointment.handover"))).toBeGreaterThan(0);
  });

  it("is a manager's: an advisor is refused", async () => {
    const h = await handoverWorld();
    await expectAppError(runAs(db, handoverUseCase, h.to, input(h, true)), "forbidden");
  });

  it("another store's advisor is not found", async () => {
    const h = await handoverWorld();
    const stranger = await expectAppError(
      runAs(db, handoverUseCase, h.w.manager, { ...input(h, false), toAdvisorId: h.elsewhere.advisors[0]!.id }),
      "not_found",
    );
    expect(stranger.fieldErrors).toEqual({ toAdvisorId: ["handoverAdvisorUnknown"] });
    expect(await advisorOf(h.free)).toBe(h.from.id);
  });
});
