import { randomInt } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  appointments,
  appointmentTypes,
  appointmentWaitlist,
  clientelingTasks,
  memberContacts,
  members,
  outboundMessages,
  staff,
  vipEventRsvps,
  vipEvents,
} from "@/db/schema";
import { uniqueSuffix } from "./test-db";

/**
 * Seeders for the clienteling tables that belong to a member (merge and erasure tests reach every
 * registered table through these; tests/helpers/members.ts RELATED_ROW_SEEDERS includes them).
 */

async function homeStoreOf(db: Db, memberId: string): Promise<string> {
  const [member] = await db.select({ storeId: members.homeStoreId }).from(members).where(eq(members.id, memberId));
  return member!.storeId;
}

async function someStaff(db: Db): Promise<string> {
  const [someone] = await db.select({ id: staff.id }).from(staff).limit(1);
  return someone!.id;
}

async function fixtureType(db: Db): Promise<string> {
  const code = `fixture_${uniqueSuffix(8).toLowerCase()}`;
  const [type] = await db
    .insert(appointmentTypes)
    .values({ code, nameZh: "测试预约", nameEn: "Fixture visit", durationMin: 60 })
    .returning({ id: appointmentTypes.id });
  return type!.id;
}

export const CLIENTELING_ROW_SEEDERS: Record<string, (db: Db, memberId: string, marker: string) => Promise<void>> = {
  appointments: async (db, memberId, marker) => {
    // A random hour within ten years: one advisor's fixture visits never overlap (the exclusion constraint).
    const startsAt = new Date(Date.UTC(2030, 0, 1) + randomInt(0, 87_600) * 3_600_000);
    await db.insert(appointments).values({
      storeId: await homeStoreOf(db, memberId),
      memberId,
      typeId: await fixtureType(db),
      advisorId: await someStaff(db),
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3_600_000),
      blockedUntil: new Date(startsAt.getTime() + 3_600_000),
      note: `visit ${marker}: 想看翡翠手镯`,
    });
  },
  appointment_waitlist: async (db, memberId) => {
    await db.insert(appointmentWaitlist).values({
      storeId: await homeStoreOf(db, memberId),
      memberId,
      typeId: await fixtureType(db),
      day: "2030-01-01",
    });
  },
  clienteling_tasks: async (db, memberId, marker) => {
    await db.insert(clientelingTasks).values({
      storeId: await homeStoreOf(db, memberId),
      memberId,
      kind: "care_call",
      sourceKey: `fixture:${memberId}:${marker}:${uniqueSuffix(6)}`,
      dueOn: "2030-01-01",
    });
  },
  member_contacts: async (db, memberId, marker) => {
    await db.insert(memberContacts).values({
      memberId,
      storeId: await homeStoreOf(db, memberId),
      staffId: await someStaff(db),
      channel: "phone",
      outcome: "reached",
      note: `contact ${marker}: 说戒指有点紧`,
    });
  },
  vip_event_rsvps: async (db, memberId) => {
    const storeId = await homeStoreOf(db, memberId);
    const [event] = await db
      .insert(vipEvents)
      .values({
        storeId,
        kind: "tasting",
        titleZh: "品鉴会",
        titleEn: "Tasting",
        startsAt: new Date("2030-01-01T10:00:00Z"),
        endsAt: new Date("2030-01-01T12:00:00Z"),
        capacity: 10,
        inviteDiamondFrom: new Date("2029-12-01T00:00:00Z"),
      })
      .returning({ id: vipEvents.id });
    await db.insert(vipEventRsvps).values({ eventId: event!.id, memberId });
  },
  outbound_messages: async (db, memberId, marker) => {
    await db.insert(outboundMessages).values({
      memberId,
      storeId: await homeStoreOf(db, memberId),
      channel: "sms",
      templateCode: "appointment_confirmed",
      params: { memberName: "张晓华" },
      dedupeKey: `fixture:${memberId}:${marker}:${uniqueSuffix(6)}`,
      sentTo: "+8613800000000",
    });
  },
};
