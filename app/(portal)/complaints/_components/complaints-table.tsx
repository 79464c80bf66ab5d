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
import type { ComplaintListParams, ComplaintListRow } from "@/lib/complaints/cases/queries";
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_TABS,
  COMPLAINT_CHANNELS,
  COMPLAINT_SEVERITIES,
  COMPLAINT_STATUSES,
} from "@/lib/complaints/cases/schemas";
import { storeDisplayName } from "@/lib/stores/display";
import { ComplaintStatusBadge, SeverityBadge, SlaBadge } from "./complaint-badges";

function QueueTabs({ tab }: { tab: ComplaintListParams["tab"] }) {
  const t = useTranslations("complaints");
  const { setParams } = useUrlParams();
  return (
    <div role="tablist" className="inline-flex flex-wrap rounded-md bg-stone-100 p-1">
      {COMPLAINT_TABS.map((name) => (
        <button
          key={name}
          type="button"
          role="tab"
          aria-selected={tab === name}
          onClick={() => setParams({ tab: name === "mine" ? null : name })}
          className={cn(
            "min-h-10 rounded px-4 py-1.5 text-sm font-medium",
            tab === name ? "bg-white text-stone-900 shadow-sm" : "text-stone-600 hover:text-stone-900",
          )}
        >
          {t(`tabs.${name}`)}
        </button>
      ))}
    </div>
  );
}

export function ComplaintsTable({
  rows,
  total,
  params,
  stores,
  assignees,
  canHandle,
}: {
  rows: ComplaintListRow[];
  total: number;
  params: ComplaintListParams;
  stores: { id: string; label: string }[];
  assignees: { id: string; label: string }[];
  canHandle: boolean;
}) {
  const t = useTranslations("complaints");
  const format = useFormatter();
  const locale = useLocale();

  const columns = useMemo<ColumnDef<ComplaintListRow, unknown>[]>(
    () => [
      {
        id: "reference",
        header: t("reference"),
        cell: ({ row }) => (
          <div>
            <Link href={`/complaints/${row.original.id}`} className="font-medium text-amber-800 hover:underline">
              {row.original.reference}
            </Link>
            <p className="text-xs text-stone-500">
              {row.original.customerName}
              {row.original.regulatorReferral ? ` · ${t("regulatorShort")}` : ""}
            </p>
          </div>
        ),
      },
      {
        id: "status",
        header: t("status"),
        cell: ({ row }) => <ComplaintStatusBadge status={row.original.status} />,
      },
      {
        id: "severity",
        header: t("severity"),
        cell: ({ row }) => <SeverityBadge severity={row.original.severity} />,
      },
      {
        id: "category",
        header: t("category"),
        cell: ({ row }) => (
          <div>
            <p>{t(`categories.${row.original.category}`)}</p>
            <p className="text-xs text-stone-500">{t(`channels.${row.original.channel}`)}</p>
          </div>
        ),
      },
      {
        id: "received",
        header: t("receivedAt"),
        cell: ({ row }) =>
          format.dateTime(row.original.receivedAt, {
            dateStyle: "medium",
            timeStyle: "short",
            timeZone: row.original.timeZone,
          }),
      },
      {
        id: "due",
        header: t("sla.title"),
        cell: ({ row }) => <SlaBadge sla={row.original.sla} />,
      },
      {
        id: "assignee",
        header: t("assignee"),
        cell: ({ row }) => row.original.assigneeName ?? <span className="text-stone-400">{t("unassigned")}</span>,
      },
      {
        id: "store",
        header: t("store"),
        cell: ({ row }) => storeDisplayName({ name: row.original.storeName, nameEn: row.original.storeNameEn }, locale),
      },
    ],
    [t, format, locale],
  );

  const filtered = Boolean(
    params.store ||
    params.status ||
    params.severity ||
    params.category ||
    params.channel ||
    params.assignee ||
    params.from ||
    params.to ||
    params.q,
  );
  const empty = filtered
    ? { title: t("emptyFilteredTitle"), body: t("emptyFilteredBody") }
    : {
        title: t(`empty.${params.tab}`),
        body: t("emptyBody"),
        action: canHandle ? (
          <Link href="/complaints/new" className={buttonClasses("primary")}>
            {t("create")}
          </Link>
        ) : undefined,
      };

  return (
    <DataTable
      columns={columns}
      data={rows}
      total={total}
      params={params}
      sortable={["due", "received", "severity"]}
      getRowId={(row) => row.id}
      empty={empty}
      toolbar={
        <div className="space-y-3">
          <QueueTabs tab={params.tab} />
          <FilterBar
            filters={[
              { type: "search", name: "q", label: t("reference"), placeholder: "TS-20261205-0001" },
              ...(stores.length > 1
                ? [
                    {
                      type: "select" as const,
                      name: "store",
                      label: t("store"),
                      options: stores.map((s) => ({ value: s.id, label: s.label })),
                    },
                  ]
                : []),
              {
                type: "select",
                name: "status",
                label: t("status"),
                options: COMPLAINT_STATUSES.map((s) => ({ value: s, label: t(`statuses.${s}`) })),
              },
              {
                type: "select",
                name: "severity",
                label: t("severity"),
                options: COMPLAINT_SEVERITIES.map((s) => ({ value: s, label: t(`severities.${s}`) })),
              },
              {
                type: "select",
                name: "category",
                label: t("category"),
                options: COMPLAINT_CATEGORIES.map((s) => ({ value: s, label: t(`categories.${s}`) })),
              },
              {
                type: "select",
                name: "channel",
                label: t("channel"),
                options: COMPLAINT_CHANNELS.map((s) => ({ value: s, label: t(`channels.${s}`) })),
              },
              {
                type: "select",
                name: "assignee",
                label: t("assignee"),
                options: [
                  { value: "none", label: t("unassigned") },
                  ...assignees.map((a) => ({ value: a.id, label: a.label })),
                ],
              },
              { type: "date", name: "from", label: t("receivedFrom") },
              { type: "date", name: "to", label: t("receivedTo") },
            ]}
          />
        </div>
      }
    />
  );
}
