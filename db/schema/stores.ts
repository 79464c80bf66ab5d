import { boolean, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

import type { BusinessHours } from "./business-hours";

export { WEEKDAYS, type BusinessHours, type Weekday } from "./business-hours";

export const stores = pgTable("stores", {
  id: uuid().primaryKey().defaultRandom(),
  code: text().notNull().unique(),
  name: text().notNull(),
  nameEn: text(),
  // DEFAULT_TIME_ZONE of lib/time.ts, written out: db/ imports nothing from lib/.
  timeZone: text().notNull().default("Asia/Shanghai"),
  businessHours: jsonb().$type<BusinessHours>().notNull(),
  active: boolean().notNull().default(true),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
