"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { Pager } from "@/components/data-table/pager";
import { useUrlParams } from "@/components/data-table/use-url-params";
import { EmptyState } from "@/components/layout/empty-state";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import type { FollowUpCallRow } from "@/lib/after-sales/follow-ups/queries";
import { storeDisplayName } from "@/lib/stores/display";
import { LogCallDialog, type LoggedNotice } from "./log-call-dialog";

/** A calendar day (yyyy-MM-dd) in the reader's locale, without a time-zone shift. */
function useDay() {
  const format = useFormatter();
  return (day: string) => format.dateTime(new Date(`${day}T00:00:00Z`), { dateStyle: "medium", timeZone: "UTC" });
}

const statusTone = { open: "info", done: "success", unreachable: "warning" } as const;

/**
 * The calls as cards (tablet friendly: whole-width rows, large buttons), in the server's order (open
 * ones by due date, the overdue first) and paging. The member's name is masked and links to their
 * 360° page, where the phone is revealed (audited); the ticket links to its page.
 */
export function CallsList({
  rows,
  total,
  page,
  pageSize,
  empty,
}: {
  rows: FollowUpCallRow[];
  total: number;
  page: number;
  pageSize: number;
  empty: { title: string; body: string };
}) {
  const t = useTranslations("afterSalesCalls");
  const locale = useLocale();
  const format = useFormatter();
  const day = useDay();
  const router = useRouter();
  const { pending } = useUrlParams();
  const [notice, setNotice] = useState<LoggedNotice>();
  const onDone = (logged: LoggedNotice) => {
    setNotice(logged);
    router.refresh();
  };

  return (
    <div className={cn("space-y-4 transition-opacity", pending && "opacity-60")} aria-busy={pending}>
      {notice ? (
        <Alert tone={notice.complaintId ? "warning" : "success"}>
          <p>{notice.message}</p>
          {notice.complaintId ? (
            <p className="mt-1">
              <Link href={`/complaints/${notice.complaintId}`} className="font-medium underline">
                {t("log.complaintLink", { reference: notice.complaintReference ?? "" })}
              </Link>
            </p>
          ) : null}
        </Alert>
      ) : null}
      {rows.length === 0 ? (
        <EmptyState title={empty.title} body={empty.body} />
      ) : (
        <ul className="space-y-2" data-testid="follow-up-calls">
          {rows.map((row) => (
            <li
              key={row.id}
              className={cn(
                "rounded-lg bg-white p-4 shadow-sm ring-1",
                row.overdue ? "ring-red-200" : row.dueToday ? "ring-amber-200" : "ring-stone-200",
              )}
            >
              <div className="flex flex-wrap items-start justify-between gap-3">
                <div className="min-w-0 flex-1 space-y-1">
                  <div className="flex flex-wrap items-center gap-2">
                    <Badge tone="info">{t(`kinds.${row.kind}`)}</Badge>
                    <Badge tone={statusTone[row.status]}>{t(`statuses.${row.status}`)}</Badge>
                    {row.wrongNumber ? <Badge tone="danger">{t("calls.wrongNumber")}</Badge> : null}
                    {row.memberErased ? (
                      <span className="font-medium text-stone-500">{t("calls.memberErased")}</span>
                    ) : (
                      <Link href={`/members/${row.memberId}`} className="font-medium text-amber-800 hover:underline">
                        {row.memberName}
                      </Link>
                    )}
                    <span className={cn("text-sm", row.overdue ? "font-medium text-red-700" : "text-stone-600")}>
                      {row.status !== "open"
                        ? t("calls.wasDueOn", { date: day(row.dueOn) })
                        : row.overdue
                          ? t("calls.overdueSince", { date: day(row.dueOn) })
                          : row.dueToday
                            ? t("calls.dueToday")
                            : t("calls.dueOn", { date: day(row.dueOn) })}
                    </span>
                  </div>
                  <p className="text-sm text-stone-800">
                    {row.ticketId ? (
                      <>
                        <Link
                          href={`/after-sales/tickets/${row.ticketId}`}
                          className="font-medium text-amber-800 hover:underline"
                        >
                          {row.ticketReference}
                        </Link>
                        {" · "}
                        {row.serviceType ? t(`serviceTypes.${row.serviceType}`) : null}
                        {" · "}
                      </>
                    ) : null}
                    {row.itemName}
                    {row.pickedUpAt
                      ? ` · ${t("calls.pickedUpOn", {
                          date: format.dateTime(row.pickedUpAt, { dateStyle: "medium", timeZone: row.timeZone }),
                        })}`
                      : null}
                  </p>
                  <p className="text-xs text-stone-500">
                    {storeDisplayName({ name: row.storeName, nameEn: row.storeNameEn }, locale)}
                    {" · "}
                    {t("calls.attempts", { count: row.attempts })}
                    {row.lastOutcome
                      ? ` · ${t("calls.lastOutcome", { outcome: t(`outcomes.${row.lastOutcome}`) })}`
                      : null}
                    {row.satisfaction !== null ? ` · ${t("calls.satisfaction", { score: row.satisfaction })}` : null}
                  </p>
                  {row.complaintId ? (
                    <p className="text-sm">
                      <Link
                        href={`/complaints/${row.complaintId}`}
                        className="font-medium text-red-700 hover:underline"
                      >
                        {t("log.complaintLink", { reference: row.complaintReference ?? "" })}
                      </Link>
                    </p>
                  ) : null}
                </div>
                {row.status === "open" && !row.memberErased ? (
                  <div className="flex flex-wrap gap-2">
                    <Link
                      href={`/members/${row.memberId}`}
                      className="inline-flex min-h-10 items-center rounded-md px-4 text-sm font-medium text-stone-700 ring-1 ring-stone-300 ring-inset hover:bg-stone-50"
                    >
                      {t("calls.openMember")}
                    </Link>
                    <LogCallDialog
                      call={{
                        id: row.id,
                        memberName: row.memberName,
                        kind: row.kind,
                        attempts: row.attempts,
                        about: row.ticketReference ? `${row.ticketReference} · ${row.itemName}` : row.itemName,
                      }}
                      onDone={onDone}
                    />
                  </div>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
      <Pager page={page} pageSize={pageSize} total={total} />
    </div>
  );
}
