import { boolean, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

import type { BusinessHours } from "../../lib/stores/business-hours";

export { WEEKDAYS, type BusinessHours, type Weekday } from "../../lib/stores/business-hours";

export const stores = pgTable("stores", {
  id: uuid().primaryKey().defaultRandom(),
  code: text().notNull().unique(),
  name: text().notNull(),
  nameEn: text(),
  timeZone: text().notNull().default("Asia/Shanghai"),
  businessHours: jsonb().$type<BusinessHours>().notNull(),
  active: boolean().notNull().default(true),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
