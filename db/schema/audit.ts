import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { staff } from "./staff";
import { stores } from "./stores";

/** Append-only: a trigger (see migrations) refuses UPDATE and DELETE. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    actorStaffId: uuid().references(() => staff.id),
    /** The actor's username at the time (or the attempted username of a failed sign-in). */
    actorLabel: text(),
    action: text().notNull(),
    entityType: text(),
    entityId: text(),
    storeId: uuid().references(() => stores.id),
    ip: text(),
    details: jsonb().$type<Record<string, unknown>>(),
  },
  (t) => [
    index().on(t.at),
    index().on(t.actorStaffId, t.at),
    index().on(t.action, t.at),
    index().on(t.entityType, t.entityId),
    index().on(t.storeId, t.at),
  ],
);
