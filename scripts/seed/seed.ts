import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { staff, stores, type BusinessHours } from "@/db/schema";
import { createStaff } from "@/lib/staff/service";
import { createStore } from "@/lib/stores/service";
import type { Role } from "@/lib/auth/policy";
import { DEFAULT_TIME_ZONE } from "@/lib/time";
import { DEMO_PASSWORD } from "./demo-data";

export { DEMO_PASSWORD } from "./demo-data";

const mallHours = (open: string, close: string, weekendClose: string): BusinessHours => ({
  mon: [{ open, close }],
  tue: [{ open, close }],
  wed: [{ open, close }],
  thu: [{ open, close }],
  fri: [{ open, close: weekendClose }],
  sat: [{ open, close: weekendClose }],
  sun: [{ open, close }],
});

export const DEMO_STORES = [
  {
    code: "SH-JA",
    name: "静安嘉里中心店",
    nameEn: "Jing'an Kerry Centre",
    hours: mallHours("10:00", "22:00", "22:30"),
  },
  { code: "SH-PD", name: "浦东国金中心店", nameEn: "Pudong IFC", hours: mallHours("10:00", "21:30", "22:00") },
] as const;

export const DEMO_STAFF: {
  username: string;
  displayName: string;
  roles: Role[];
  stores: string[];
  allStores: boolean;
}[] = [
  { username: "admin", displayName: "系统管理员 王敏", roles: ["admin"], stores: [], allStores: true },
  { username: "manager", displayName: "店长 李静", roles: ["manager"], stores: ["SH-JA", "SH-PD"], allStores: false },
  { username: "advisor", displayName: "顾问 陈晓华", roles: ["advisor"], stores: ["SH-JA"], allStores: false },
  { username: "aftersales", displayName: "售后 赵磊", roles: ["after_sales"], stores: ["SH-JA"], allStores: false },
  { username: "service", displayName: "客服 周婷", roles: ["service"], stores: ["SH-PD"], allStores: false },
];

/** Idempotent: what exists is left alone, so running it twice adds nothing. */
export async function seedDemo(db: Db) {
  const storeIds = new Map<string, string>();
  for (const s of DEMO_STORES) {
    const [existing] = await db.select({ id: stores.id }).from(stores).where(eq(stores.code, s.code));
    const id =
      existing?.id ??
      (
        await createStore(db, null, {
          code: s.code,
          name: s.name,
          nameEn: s.nameEn,
          timeZone: DEFAULT_TIME_ZONE,
          businessHours: s.hours,
          active: true,
        })
      ).id;
    storeIds.set(s.code, id);
  }
  let created = 0;
  for (const person of DEMO_STAFF) {
    const [existing] = await db.select({ id: staff.id }).from(staff).where(eq(staff.username, person.username));
    if (existing) continue;
    await createStaff(db, null, {
      username: person.username,
      displayName: person.displayName,
      roles: person.roles,
      storeIds: person.stores.map((code) => storeIds.get(code)!),
      allStores: person.allStores,
      password: DEMO_PASSWORD,
      mustChangePassword: false,
    });
    created++;
  }
  return { stores: storeIds.size, staffCreated: created };
}
