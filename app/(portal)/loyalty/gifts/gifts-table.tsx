"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useMemo } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { FilterBar } from "@/components/data-table/filter-bar";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import type { GiftListParams, GiftRow } from "@/lib/loyalty/gifts/queries";

export function GiftsTable({ rows, total, params }: { rows: GiftRow[]; total: number; params: GiftListParams }) {
  const t = useTranslations("loyaltyGifts");
  const format = useFormatter();

  const columns = useMemo<ColumnDef<GiftRow, unknown>[]>(
    () => [
      {
        id: "code",
        header: t("code"),
        cell: ({ row }) => (
          <Link href={`/loyalty/gifts/${row.original.id}`} className="font-mono text-amber-800 hover:underline">
            {row.original.code}
          </Link>
        ),
      },
      {
        id: "nameZh",
        header: t("name"),
        cell: ({ row }) => (
          <div>
            <p>{row.original.nameZh}</p>
            <p className="text-xs text-stone-500" lang="en">
              {row.original.nameEn}
            </p>
          </div>
        ),
      },
      {
        id: "pointsCost",
        header: t("pointsCost"),
        cell: ({ row }) => <span className="tabular-nums">{format.number(row.original.pointsCost)}</span>,
      },
      {
        id: "stock",
        header: t("stock"),
        cell: ({ row }) =>
          row.original.stock === 0 ? (
            <Badge tone="danger">{t("outOfStock")}</Badge>
          ) : (
            <span className="tabular-nums">{format.number(row.original.stock)}</span>
          ),
      },
      {
        id: "redeemed",
        header: t("redeemed"),
        cell: ({ row }) => <span className="tabular-nums">{format.number(row.original.redeemed)}</span>,
      },
      {
        id: "status",
        header: t("status"),
        cell: ({ row }) =>
          row.original.active ? <Badge tone="success">{t("active")}</Badge> : <Badge>{t("inactive")}</Badge>,
      },
    ],
    [t, format],
  );

  const filtered = Boolean(params.q || params.status || params.stock);

  return (
    <DataTable
      columns={columns}
      data={rows}
      total={total}
      params={params}
      sortable={["code", "nameZh", "pointsCost", "stock", "redeemed"]}
      getRowId={(row) => row.id}
      empty={
        filtered
          ? { title: t("emptyFilteredTitle"), body: t("emptyFilteredBody") }
          : {
              title: t("emptyTitle"),
              body: t("emptyBody"),
              action: (
                <Link href="/loyalty/gifts/new" className={buttonClasses("primary")}>
                  {t("create")}
                </Link>
              ),
            }
      }
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
            { type: "select", name: "stock", label: t("stock"), options: [{ value: "out", label: t("outOfStock") }] },
          ]}
        />
      }
    />
  );
}
