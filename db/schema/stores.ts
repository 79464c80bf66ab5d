import { boolean, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];
/** Opening ranges per weekday in the store's local time ("HH:mm"); split shifts allowed, [] = closed. */
export type BusinessHours = Record<Weekday, { open: string; close: string }[]>;

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
