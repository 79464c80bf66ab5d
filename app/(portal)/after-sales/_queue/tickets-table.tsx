"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useMemo } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { FilterBar } from "@/components/data-table/filter-bar";
import { useUrlParams } from "@/components/data-table/use-url-params";
import { buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import type { TicketListParams, TicketListRow, TicketQueueCounts } from "@/lib/after-sales/tickets/queries";
import {
  SERVICE_TYPES,
  TICKET_QUEUE_TABS,
  utcCalendarDay,
  type TicketQueueTab,
} from "@/lib/after-sales/tickets/schemas";
import { storeDisplayName } from "@/lib/stores/display";
import { ClaimLockedBadge, OverdueBadge, TicketStatusBadge } from "./ticket-badges";

/** The queue's tabs with their counts; "open" is the default and leaves the URL clean. */
function QueueTabs({ tab, counts }: { tab: TicketQueueTab; counts: TicketQueueCounts }) {
  const t = useTranslations("afterSalesTickets");
  const { setParams } = useUrlParams();
  const label = (name: TicketQueueTab) =>
    name === "open" || name === "overdue" || name === "all" ? t(`tabs.${name}`) : t(`statuses.${name}`);
  return (
    <div role="tablist" aria-label={t("queue.tabsLabel")} className="flex flex-wrap gap-1 rounded-md bg-stone-100 p-1">
      {TICKET_QUEUE_TABS.map((name) => (
        <button
          key={name}
          type="button"
          role="tab"
          aria-selected={tab === name}
          onClick={() => setParams({ status: name === "open" ? null : name })}
          className={cn(
            "inline-flex min-h-10 items-center gap-1.5 rounded px-3 py-1.5 text-sm font-medium",
            tab === name ? "bg-white text-stone-900 shadow-sm" : "text-stone-600 hover:text-stone-900",
          )}
        >
          {label(name)}
          <span
            className={cn(
              "rounded-full px-1.5 text-xs tabular-nums",
              name === "overdue" && counts.overdue > 0 ? "bg-red-100 text-red-800" : "bg-stone-200 text-stone-700",
            )}
          >
            {counts[name]}
          </span>
        </button>
      ))}
    </div>
  );
}

export function TicketsTable({
  rows,
  total,
  counts,
  params,
  stores,
  canCreate,
}: {
  rows: TicketListRow[];
  total: number;
  counts: TicketQueueCounts;
  params: TicketListParams;
  stores: { id: string; label: string }[];
  canCreate: boolean;
}) {
  const t = useTranslations("afterSalesTickets");
  const format = useFormatter();
  const locale = useLocale();

  const columns = useMemo<ColumnDef<TicketListRow, unknown>[]>(
    () => [
      {
        id: "reference",
        header: t("columns.reference"),
        cell: ({ row }) => (
          <div>
            <Link
              href={`/after-sales/tickets/${row.original.id}`}
              className="font-medium text-amber-800 hover:underline"
            >
              {row.original.reference}
            </Link>
            <p className="text-xs text-stone-500">{row.original.memberName || t("memberErased")}</p>
          </div>
        ),
      },
      {
        id: "piece",
        header: t("columns.piece"),
        cell: ({ row }) => (
          <div>
            <p>{row.original.itemName}</p>
            <p className="text-xs text-stone-500">
              {t(`categories.${row.original.category}`)} · {t(`serviceTypes.${row.original.serviceType}`)}
            </p>
          </div>
        ),
      },
      {
        id: "status",
        header: t("columns.status"),
        cell: ({ row }) => (
          <div className="flex flex-wrap gap-1">
            <TicketStatusBadge status={row.original.status} />
            {row.original.overdue ? <OverdueBadge /> : null}
            {row.original.claimLocked ? <ClaimLockedBadge /> : null}
          </div>
        ),
      },
      {
        id: "promised",
        header: t("columns.promisedOn"),
        cell: ({ row }) => (
          <span className={cn("tabular-nums", row.original.overdue && "font-medium text-red-700")}>
            {format.dateTime(utcCalendarDay(row.original.promisedOn), { dateStyle: "medium", timeZone: "UTC" })}
          </span>
        ),
      },
      {
        id: "created",
        header: t("columns.receivedAt"),
        cell: ({ row }) =>
          format.dateTime(row.original.createdAt, {
            dateStyle: "medium",
            timeStyle: "short",
            timeZone: row.original.timeZone,
          }),
      },
      {
        id: "store",
        header: t("columns.store"),
        cell: ({ row }) => storeDisplayName({ name: row.original.storeName, nameEn: row.original.storeNameEn }, locale),
      },
    ],
    [t, format, locale],
  );

  const filtered = Boolean(params.store || params.type || params.q);
  const empty = filtered
    ? { title: t("queue.emptyFilteredTitle"), body: t("queue.emptyFilteredBody") }
    : {
        title: t(`queue.empty.${params.status === "open" || params.status === "overdue" ? params.status : "other"}`),
        body: t("queue.emptyBody"),
        action: canCreate ? (
          <Link href="/after-sales/tickets/new" className={buttonClasses("primary")}>
            {t("newTicket")}
          </Link>
        ) : undefined,
      };

  return (
    <DataTable
      columns={columns}
      data={rows}
      total={total}
      params={params}
      sortable={["reference", "promised", "created"]}
      getRowId={(row) => row.id}
      empty={empty}
      toolbar={
        <div className="space-y-3">
          <QueueTabs tab={params.status} counts={counts} />
          <FilterBar
            filters={[
              { type: "search", name: "q", label: t("queue.search"), placeholder: t("queue.searchPlaceholder") },
              ...(stores.length > 1
                ? [
                    {
                      type: "select" as const,
                      name: "store",
                      label: t("columns.store"),
                      options: stores.map((s) => ({ value: s.id, label: s.label })),
                    },
                  ]
                : []),
              {
                type: "select",
                name: "type",
                label: t("columns.service"),
                options: SERVICE_TYPES.map((s) => ({ value: s, label: t(`serviceTypes.${s}`) })),
              },
            ]}
          />
        </div>
      }
    />
  );
}
