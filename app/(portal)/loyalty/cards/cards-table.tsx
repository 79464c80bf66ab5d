"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useMemo } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { FilterBar } from "@/components/data-table/filter-bar";
import type { CardListParams, CardListRow } from "@/lib/loyalty/stored-value/queries";
import { CARD_STATUSES } from "@/lib/loyalty/stored-value/schemas";
import { formatFen } from "@/lib/money";
import { CardStatusBadge } from "./card-status-badge";

export function CardsTable({
  rows,
  total,
  params,
  stores,
}: {
  rows: CardListRow[];
  total: number;
  params: CardListParams;
  stores: { id: string; label: string }[];
}) {
  const t = useTranslations("storedValue");
  const format = useFormatter();
  const locale = useLocale();

  const columns = useMemo<ColumnDef<CardListRow, unknown>[]>(
    () => [
      {
        id: "cardNo",
        header: t("cardNo"),
        cell: ({ row }) => (
          <Link
            href={`/loyalty/cards/${row.original.id}`}
            className="font-mono whitespace-nowrap text-amber-800 hover:underline"
          >
            {row.original.cardNo}
          </Link>
        ),
      },
      {
        id: "member",
        header: t("member"),
        cell: ({ row }) =>
          row.original.memberId ? (
            <Link href={`/members/${row.original.memberId}`} className="hover:underline">
              {row.original.memberName}
            </Link>
          ) : (
            <span className="text-stone-500">{t("noMember")}</span>
          ),
      },
      {
        id: "status",
        header: t("status"),
        cell: ({ row }) => (
          <CardStatusBadge status={row.original.status} label={t(`statuses.${row.original.status}`)} />
        ),
      },
      {
        id: "balance",
        header: t("balance"),
        cell: ({ row }) => (
          <span className="font-medium whitespace-nowrap tabular-nums">
            {formatFen(row.original.balanceFen, locale)}
          </span>
        ),
      },
      {
        id: "principal",
        header: t("principal"),
        cell: ({ row }) => (
          <span className="whitespace-nowrap tabular-nums">{formatFen(row.original.principalFen, locale)}</span>
        ),
      },
      {
        id: "bonus",
        header: t("bonus"),
        cell: ({ row }) => (
          <span className="whitespace-nowrap tabular-nums">{formatFen(row.original.bonusFen, locale)}</span>
        ),
      },
      {
        id: "store",
        header: t("store"),
        cell: ({ row }) => <span className="font-mono text-xs">{row.original.store.code}</span>,
      },
      {
        id: "issuedAt",
        header: t("issuedAt"),
        cell: ({ row }) => (
          <span className="whitespace-nowrap">
            {format.dateTime(new Date(row.original.issuedAt), {
              dateStyle: "medium",
              timeStyle: "short",
              timeZone: row.original.store.timeZone,
            })}
          </span>
        ),
      },
    ],
    [t, format, locale],
  );

  return (
    <DataTable
      columns={columns}
      data={rows}
      total={total}
      params={params}
      sortable={["cardNo", "status", "balance", "issuedAt"]}
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
              options: CARD_STATUSES.map((s) => ({ value: s, label: t(`statuses.${s}`) })),
            },
            {
              type: "select",
              name: "store",
              label: t("store"),
              options: stores.map((s) => ({ value: s.id, label: s.label })),
            },
          ]}
        />
      }
    />
  );
}
