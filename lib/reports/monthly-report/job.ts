import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { monthlyReports, stores } from "@/db/schema";
import type { StaffPrincipal } from "@/lib/auth/policy";
import { LOCALES } from "@/lib/i18n/config";
import { storeDisplayName } from "@/lib/stores/display";
import { todayIn } from "@/lib/time";
import { loadMonthlyReportLabels } from "./labels";
import { renderMonthlyReport } from "./service";
import { previousMonth } from "./schemas";

/**
 * Who the job reads the figures as: every store, every figure (the reports are for the stores'
 * managers, who download them under their own scope).
 */
const JOB_VIEWER: StaffPrincipal = {
  id: "00000000-0000-0000-0000-000000000000",
  username: "system",
  displayName: "system",
  roles: ["admin"],
  storeIds: [],
  allStores: true,
};

/**
 * The `monthly-reports` job: for every active store, the month that has just ended in the store's
 * time zone gets its report in each language, once (the table's unique key; a report already kept
 * is never rendered again). Run hourly by the scheduler, it does its work in the first run of each
 * month and catches up after a month the server was down for (the last month only).
 */
export async function generateMonthlyReports(db: Db, now: Date = new Date()): Promise<{ generated: number }> {
  const active = await db
    .select({ id: stores.id, code: stores.code, name: stores.name, nameEn: stores.nameEn, timeZone: stores.timeZone })
    .from(stores)
    .where(eq(stores.active, true));
  let generated = 0;
  for (const store of active) {
    const month = previousMonth(todayIn(store.timeZone, now).slice(0, 7));
    const kept = await db
      .select({ locale: monthlyReports.locale })
      .from(monthlyReports)
      .where(and(eq(monthlyReports.storeId, store.id), eq(monthlyReports.month, month)));
    for (const locale of LOCALES) {
      if (kept.some((row) => row.locale === locale)) continue;
      const pdf = await renderMonthlyReport(
        db,
        JOB_VIEWER,
        { id: store.id, code: store.code, name: storeDisplayName(store, locale), timeZone: store.timeZone },
        month,
        { labels: loadMonthlyReportLabels(locale), locale },
        now,
      );
      const inserted = await db
        .insert(monthlyReports)
        .values({ storeId: store.id, month, locale, pdf, generatedAt: now })
        .onConflictDoNothing()
        .returning({ id: monthlyReports.id });
      generated += inserted.length;
    }
  }
  return { generated };
}
