import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { advisorHours, appointmentTypes, rooms, staff, staffRoles, staffStores, stores } from "@/db/schema";
import {
  createAppointmentTypeSchema,
  emptyWeek,
  workingHoursSchema,
  type BusinessHours,
  type CreateAppointmentTypeInput,
} from "@/lib/appointments/setup/schemas";
import { createStaff } from "@/lib/staff/service";
import { DEMO_PASSWORD } from "./demo-data";

/** The five kinds of visit of docs/domain.md#appointments, as the counters offer them. */
export const DEMO_APPOINTMENT_TYPES: readonly CreateAppointmentTypeInput[] = [
  {
    code: "vip_styling",
    nameZh: "VIP 造型服务",
    nameEn: "VIP styling session",
    durationMin: 90,
    bufferMin: 15,
    noticeMin: 120,
    minTier: "gold",
    needsRoom: true,
    dailyCap: 3,
    sortOrder: 10,
  },
  {
    code: "jewelry_viewing",
    nameZh: "珠宝品鉴",
    nameEn: "Jewelry viewing",
    durationMin: 60,
    bufferMin: 15,
    noticeMin: 60,
    minTier: "gold",
    needsRoom: true,
    dailyCap: 4,
    sortOrder: 20,
  },
  {
    code: "custom_design",
    nameZh: "定制设计咨询",
    nameEn: "Custom design consultation",
    durationMin: 60,
    bufferMin: 15,
    noticeMin: 1440,
    minTier: null,
    needsRoom: false,
    dailyCap: 2,
    sortOrder: 30,
  },
  {
    code: "bridal_ring",
    nameZh: "婚戒咨询",
    nameEn: "Bridal ring consultation",
    durationMin: 60,
    bufferMin: 15,
    noticeMin: 120,
    minTier: null,
    needsRoom: true,
    dailyCap: 3,
    sortOrder: 40,
  },
  {
    code: "private_event",
    nameZh: "私享活动",
    nameEn: "Private event",
    durationMin: 180,
    bufferMin: 30,
    noticeMin: 4320,
    minTier: "gold",
    needsRoom: true,
    dailyCap: 1,
    sortOrder: 50,
  },
];

export const DEMO_ROOMS: readonly { store: string; name: string; nameEn: string }[] = [
  { store: "SH-JA", name: "VIP 室 1", nameEn: "VIP room 1" },
  { store: "SH-JA", name: "品鉴室", nameEn: "Viewing room" },
  { store: "SH-PD", name: "VIP 室", nameEn: "VIP room" },
];

const range = (open: string, close: string) => ({ open, close });

/** Weekdays split around a lunch hour, Saturday to six: the counter's morning advisors. */
const SPLIT_WEEK: BusinessHours = {
  ...emptyWeek(),
  ...Object.fromEntries(
    (["mon", "tue", "wed", "thu", "fri"] as const).map((day) => [
      day,
      [range("10:00", "14:00"), range("15:00", "21:00")],
    ]),
  ),
  sat: [range("10:00", "18:00")],
};

/** Noon to closing, Tuesday to Sunday: the late advisors (Monday off). */
const LATE_WEEK: BusinessHours = {
  ...emptyWeek(),
  ...Object.fromEntries(
    (["tue", "wed", "thu", "fri", "sat", "sun"] as const).map((day) => [day, [range("12:00", "21:00")]]),
  ),
};

/** The demo advisors: `advisor` exists from seedDemo; the others are created here. */
export const DEMO_ADVISORS: readonly {
  username: string;
  displayName: string | null;
  store: string;
  hours: BusinessHours;
}[] = [
  { username: "advisor", displayName: null, store: "SH-JA", hours: SPLIT_WEEK },
  { username: "advisor2", displayName: "顾问 王雅琪", store: "SH-JA", hours: LATE_WEEK },
  { username: "advisor3", displayName: "顾问 刘思远", store: "SH-JA", hours: SPLIT_WEEK },
  { username: "advisor4", displayName: "顾问 孙佳怡", store: "SH-JA", hours: LATE_WEEK },
  { username: "advisor5", displayName: "顾问 赵梓萱", store: "SH-PD", hours: SPLIT_WEEK },
];

/**
 * Appointment setup for the demo: the five types, rooms and advisors of the demo stores and every
 * demo advisor's working hours. Idempotent: what exists (by type code, room name, username, advisor
 * and store) is left alone, so a second run adds nothing and keeps any change made in the portal.
 * Needs seedDemo's stores; a demo store that is missing is skipped.
 */
export async function seedAppointmentSetup(db: Db) {
  const insertedTypes = await db
    .insert(appointmentTypes)
    .values(DEMO_APPOINTMENT_TYPES.map((type) => createAppointmentTypeSchema.parse(type)))
    .onConflictDoNothing({ target: appointmentTypes.code })
    .returning({ id: appointmentTypes.id });

  const storeRows = await db
    .select({ id: stores.id, code: stores.code })
    .from(stores)
    .where(inArray(stores.code, [...new Set([...DEMO_ROOMS, ...DEMO_ADVISORS].map((row) => row.store))]));
  const storeIds = new Map(storeRows.map((row) => [row.code, row.id]));

  const roomValues = DEMO_ROOMS.filter((room) => storeIds.has(room.store)).map((room) => ({
    storeId: storeIds.get(room.store)!,
    name: room.name,
    nameEn: room.nameEn,
  }));
  const insertedRooms = roomValues.length
    ? await db
        .insert(rooms)
        .values(roomValues)
        .onConflictDoNothing({ target: [rooms.storeId, rooms.name] })
        .returning({ id: rooms.id })
    : [];

  let advisorsCreated = 0;
  let hoursSet = 0;
  for (const advisor of DEMO_ADVISORS) {
    const storeId = storeIds.get(advisor.store);
    if (!storeId) continue;
    let [existing] = await db.select({ id: staff.id }).from(staff).where(eq(staff.username, advisor.username));
    if (!existing && advisor.displayName) {
      existing = await createStaff(db, null, {
        username: advisor.username,
        displayName: advisor.displayName,
        roles: ["advisor"],
        storeIds: [storeId],
        allStores: false,
        password: DEMO_PASSWORD,
        mustChangePassword: false,
      });
      advisorsCreated++;
    }
    if (!existing) continue;
    // Hours only where the account really is an advisor of that store (the portal would refuse otherwise).
    const [member] = await db
      .select({ staffId: staffStores.staffId })
      .from(staffStores)
      .innerJoin(staffRoles, and(eq(staffRoles.staffId, staffStores.staffId), eq(staffRoles.role, "advisor")))
      .where(and(eq(staffStores.staffId, existing.id), eq(staffStores.storeId, storeId)));
    if (!member) continue;
    const inserted = await db
      .insert(advisorHours)
      .values({ staffId: existing.id, storeId, hours: workingHoursSchema.parse(advisor.hours) })
      .onConflictDoNothing({ target: [advisorHours.staffId, advisorHours.storeId] })
      .returning({ staffId: advisorHours.staffId });
    hoursSet += inserted.length;
  }

  return {
    typesCreated: insertedTypes.length,
    roomsCreated: insertedRooms.length,
    advisorsCreated,
    hoursSet,
  };
}
