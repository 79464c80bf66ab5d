import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { FilterBar } from "@/components/data-table/filter-bar";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { SimpleTable } from "@/components/ui/simple-table";
import { bookingChoices } from "@/lib/appointments/booking/queries";
import { listWaitlist, WAITLIST_PAGE_LIMIT, type WaitlistRow } from "@/lib/appointments/waitlist/queries";
import { WAITLIST_STATUSES, waitlistListParamsSchema } from "@/lib/appointments/waitlist/schemas";
import { can } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { storeDisplayName } from "@/lib/stores/display";
import { LeaveWaitlistButton } from "./leave-waitlist-button";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("appointmentExtras");
  return { title: t("waitlistTitle") };
}

const TONES = { waiting: "warning", offered: "info", booked: "success", cancelled: "neutral" } as const;

/** The booking page, prefilled with an offered slot (docs/domain.md#waitlist). */
function bookHref(row: WaitlistRow): string {
  const query = new URLSearchParams({
    memberId: row.memberId,
    storeId: row.storeId,
    date: row.day,
    typeId: row.typeId,
    ...(row.offeredStartsAt ? { startsAt: row.offeredStartsAt } : {}),
    ...(row.advisorId ? { advisorId: row.advisorId } : {}),
  });
  return `/appointments/new?${query}`;
}

/** Members waiting for a full day, by day; an offered slot is booked from here. */
export default async function WaitlistPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission("appointments.read");
  const params = waitlistListParamsSchema.parse(await searchParams);
  const db = getDb();
  const [rows, choices, t, locale, format] = await Promise.all([
    listWaitlist(db, me, params),
    bookingChoices(db, me),
    getTranslations("appointmentExtras"),
    getLocale(),
    getFormatter(),
  ]);
  const mayBook = can(me, "appointments.book");

  return (
    <>
      <PageHeader title={t("waitlistTitle")} description={t("waitlistDescription")} />
      <div className="space-y-4">
        <FilterBar
          filters={[
            {
              type: "select",
              name: "storeId",
              label: t("store"),
              options: choices.stores.map((s) => ({ value: s.id, label: `${s.code} ${storeDisplayName(s, locale)}` })),
            },
            { type: "date", name: "day", label: t("day") },
            {
              type: "select",
              name: "status",
              label: t("status"),
              options: WAITLIST_STATUSES.map((status) => ({ value: status, label: t(`waitlistStatus.${status}`) })),
            },
          ]}
        />
        {rows.length === 0 ? (
          <p className="rounded-md border border-dashed border-stone-300 p-6 text-center text-sm text-stone-600">
            {t("waitlistEmpty")}
          </p>
        ) : (
          <SimpleTable
            labels={[t("day"), t("store"), t("member"), t("type"), t("advisor"), t("status"), t("offered"), ""]}
          >
            {rows.map((row) => (
              <tr key={row.id} data-testid="waitlist-row">
                <td className="px-3 py-2 whitespace-nowrap tabular-nums">{row.day}</td>
                <td className="px-3 py-2">
                  {storeDisplayName({ name: row.storeName, nameEn: row.storeNameEn }, locale)}
                </td>
                <td className="px-3 py-2">
                  <Link href={`/members/${row.memberId}`} className="underline">
                    {row.memberName}
                  </Link>
                  <span className="ml-2 text-xs text-stone-500 tabular-nums">{row.memberPhone}</span>
                </td>
                <td className="px-3 py-2">{locale === "en" ? row.typeNameEn : row.typeNameZh}</td>
                <td className="px-3 py-2">{row.advisorName ?? t("anyAdvisor")}</td>
                <td className="px-3 py-2">
                  <Badge tone={TONES[row.status]}>{t(`waitlistStatus.${row.status}`)}</Badge>
                </td>
                <td className="px-3 py-2 whitespace-nowrap tabular-nums">
                  {row.offeredStartsAt
                    ? format.dateTime(new Date(row.offeredStartsAt), {
                        hour: "2-digit",
                        minute: "2-digit",
                        hourCycle: "h23",
                        timeZone: row.timeZone,
                      })
                    : "—"}
                </td>
                <td className="px-3 py-2">
                  {mayBook && (row.status === "waiting" || row.status === "offered") ? (
                    <div className="flex justify-end gap-2">
                      {row.status === "offered" ? (
                        <Link href={bookHref(row)} className={buttonClasses("primary", "sm")}>
                          {t("waitlistBook")}
                        </Link>
                      ) : null}
                      <LeaveWaitlistButton entryId={row.id} />
                    </div>
                  ) : null}
                </td>
              </tr>
            ))}
          </SimpleTable>
        )}
        {rows.length >= WAITLIST_PAGE_LIMIT ? (
          <p className="text-xs text-stone-500">{t("waitlistLimited", { limit: WAITLIST_PAGE_LIMIT })}</p>
        ) : null}
      </div>
    </>
  );
}
