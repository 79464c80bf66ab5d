"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useMemo } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { FilterBar } from "@/components/data-table/filter-bar";
import { Badge } from "@/components/ui/badge";
import { storeDisplayName } from "@/lib/stores/display";
import type { StoreListParams, StoreListRow } from "@/lib/stores/queries";

/** A store list row with today's opening ranges and whether it is open now (both store-local). */
export type StoreTableRow = Omit<StoreListRow, "businessHours"> & {
  today: { open: string; close: string }[];
  openNow: boolean;
};

export function StoreTable({ rows, total, params }: { rows: StoreTableRow[]; total: number; params: StoreListParams }) {
  const t = useTranslations("stores");
  const locale = useLocale();

  const columns = useMemo<ColumnDef<StoreTableRow, unknown>[]>(
    () => [
      {
        id: "code",
        header: t("code"),
        cell: ({ row }) => (
          <Link href={`/admin/stores/${row.original.id}`} className="font-mono text-amber-800 hover:underline">
            {row.original.code}
          </Link>
        ),
      },
      {
        id: "name",
        header: t("name"),
        cell: ({ row }) => {
          // The name in the reader's language first, the other one beneath it (the register shows both).
          const shown = storeDisplayName(row.original, locale);
          const other = shown === row.original.name ? row.original.nameEn : row.original.name;
          return (
            <div>
              <p>{shown}</p>
              {other ? <p className="text-xs text-stone-500">{other}</p> : null}
            </div>
          );
        },
      },
      {
        id: "timeZone",
        header: t("timeZone"),
        cell: ({ row }) => <span className="font-mono text-xs">{row.original.timeZone}</span>,
      },
      {
        id: "today",
        header: t("todayHours"),
        cell: ({ row }) => (
          <div className="flex flex-wrap items-center gap-2">
            <span className="whitespace-nowrap">
              {row.original.today.length
                ? row.original.today.map((r) => `${r.open}–${r.close}`).join(", ")
                : t("closedToday")}
            </span>
            {row.original.active ? (
              <Badge tone={row.original.openNow ? "success" : "neutral"}>
                {row.original.openNow ? t("openNow") : t("closedNow")}
              </Badge>
            ) : null}
          </div>
        ),
      },
      {
        id: "staffCount",
        header: t("staffCount"),
        cell: ({ row }) => <span className="tabular-nums">{row.original.staffCount}</span>,
      },
      {
        id: "status",
        header: t("status"),
        cell: ({ row }) =>
          row.original.active ? (
            <Badge tone="success">{t("active")}</Badge>
          ) : (
            <Badge tone="danger">{t("inactive")}</Badge>
          ),
      },
    ],
    [t, locale],
  );

  return (
    <DataTable
      columns={columns}
      data={rows}
      total={total}
      params={params}
      sortable={["code", "name", "timeZone", "staffCount"]}
      getRowId={(row) => row.id}
      empty={{ title: t("emptyTitle"), body: t("emptyBody") }}
      toolbar={
        <FilterBar
          filters={[
            { type: "search", name: "q", label: t("search"), placeholder: t("searchPlaceholder") },
            {
              type: "select",
              name: "status",
              label: t("status"),
              options: [
                { value: "active", label: t("active") },
                { value: "inactive", label: t("inactive") },
              ],
            },
          ]}
        />
      }
    />
  );
}
