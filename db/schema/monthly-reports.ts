import { sql } from "drizzle-orm";
import { check, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { bytea } from "./columns";
import { stores } from "./stores";

/**
 * The monthly report PDFs the `monthly-reports` job keeps (lib/reports/monthly-report/job.ts): one per
 * store, calendar month and language, generated once, in the first hour the job runs in a month, for
 * the month that just ended. A snapshot of the figures at that moment; downloading a month from the
 * dashboard renders it afresh instead.
 */
export const monthlyReports = pgTable(
  "monthly_reports",
  {
    id: uuid().primaryKey().defaultRandom(),
    storeId: uuid()
      .notNull()
      .references(() => stores.id),
    /** "YYYY-MM", the store-local calendar month. */
    month: text().notNull(),
    locale: text().notNull(),
    pdf: bytea().notNull(),
    generatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("monthly_reports_store_month_locale").on(t.storeId, t.month, t.locale),
    check("monthly_reports_month", sql`${t.month} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
    check("monthly_reports_locale", sql`${t.locale} in ('zh-CN', 'en')`),
  ],
);
