import { index, jsonb, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { staff } from "./staff";

/** Versioned settings: the row in force for a key is the latest whose effectiveFrom has passed. */
export const settings = pgTable(
  "settings",
  {
    id: uuid().primaryKey().defaultRandom(),
    key: text().notNull(),
    value: jsonb().notNull(),
    effectiveFrom: timestamp({ withTimezone: true }).notNull().defaultNow(),
    setBy: uuid().references(() => staff.id),
    setAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique().on(t.key, t.effectiveFrom), index().on(t.key, t.effectiveFrom)],
);
