import { and, asc, eq, like } from "drizzle-orm";
import type { Db } from "@/db/client";
import { advisorHours, appointmentTypes, memberConsents, outboundMessages, rooms } from "@/db/schema";
import type { Role } from "@/lib/auth/policy";
import type { StaffAccount } from "@/lib/staff/principal";
import { shiftDay, todayIn } from "@/lib/time";
import { insertMember } from "./members";
import { createTestAccount } from "./run-as";
import { createTestStore, everyDay, uniqueSuffix, type TestStore } from "./test-db";

/**
 * Appointment fixtures: a store of its own with advisors working 10:00–22:00 every day, a manager,
 * a service colleague, an appointment type, rooms and a gold member who accepts SMS (so that the
 * outbox keeps messages pending). Times are Asia/Shanghai, which has no daylight saving.
 */

export const BOOKING_TIME_ZONE = "Asia/Shanghai";

/** "HH:MM" on the store-local day `days` from today, as an ISO instant with its offset. */
export function localAt(time: string, days = 3): string {
  return `${shiftDay(todayIn(BOOKING_TIME_ZONE), { days })}T${time}:00+08:00`;
}

export type BookingWorld = {
  store: TestStore;
  advisors: StaffAccount[];
  manager: StaffAccount;
  service: StaffAccount;
  typeId: string;
  roomIds: string[];
  memberId: string;
};

export async function addAdvisor(db: Db, storeId: string, displayName: string, roles: Role[] = ["advisor"]) {
  const advisor = await createTestAccount(db, roles, [storeId], { displayName });
  await db
    .insert(advisorHours)
    .values({ staffId: advisor.id, storeId, hours: everyDay([{ open: "10:00", close: "22:00" }]) });
  return advisor;
}

export async function createBookingWorld(
  db: Db,
  options: {
    advisors?: number;
    rooms?: number;
    type?: Partial<typeof appointmentTypes.$inferInsert>;
    memberTier?: string;
  } = {},
): Promise<BookingWorld> {
  const store = await createTestStore(db);
  const advisors: StaffAccount[] = [];
  for (let i = 1; i <= (options.advisors ?? 2); i++) advisors.push(await addAdvisor(db, store.id, `顾问 ${i}`));
  const manager = await createTestAccount(db, ["manager"], [store.id], { displayName: "店长" });
  const service = await createTestAccount(db, ["service"], [store.id], { displayName: "客服" });
  const [type] = await db
    .insert(appointmentTypes)
    .values({
      code: `VIEW-${uniqueSuffix(6).toUpperCase()}`,
      nameZh: "珠宝鉴赏",
      nameEn: "Jewelry viewing",
      durationMin: 60,
      bufferMin: 15,
      ...options.type,
    })
    .returning({ id: appointmentTypes.id });
  const roomIds: string[] = [];
  for (let i = 1; i <= (options.rooms ?? 0); i++) {
    const [room] = await db
      .insert(rooms)
      .values({ storeId: store.id, name: `贵宾室 ${i}` })
      .returning({ id: rooms.id });
    roomIds.push(room!.id);
  }
  const member = await insertMember(db, { storeId: store.id, tier: options.memberTier ?? "gold" });
  await db.insert(memberConsents).values({ memberId: member.id, channel: "sms", granted: true, source: "test" });
  return { store, advisors, manager, service, typeId: type!.id, roomIds, memberId: member.id };
}

/** The SMS outbox rows of one appointment (any template), by dedupe key. */
export async function outboxOf(db: Db, appointmentId: string) {
  return db
    .select({
      templateCode: outboundMessages.templateCode,
      dedupeKey: outboundMessages.dedupeKey,
      channel: outboundMessages.channel,
      status: outboundMessages.status,
      skipReason: outboundMessages.skipReason,
      sendAfter: outboundMessages.sendAfter,
    })
    .from(outboundMessages)
    .where(and(like(outboundMessages.dedupeKey, `%:${appointmentId}%`), eq(outboundMessages.channel, "sms")))
    .orderBy(asc(outboundMessages.dedupeKey));
}
