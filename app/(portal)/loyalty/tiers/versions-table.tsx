"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useMemo } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { Badge } from "@/components/ui/badge";
import { PROGRAMME_TIME_ZONE, TIER_CODES } from "@/lib/loyalty/programme/rules";
import { formatFen } from "@/lib/money";

export type VersionRow = {
  id: string;
  effectiveFrom: string;
  setAt: string;
  setByName: string | null;
  status: "scheduled" | "in_force" | "past";
  thresholdsFen: number[] | null;
  multipliers: string[] | null;
};

const STATUS_TONE = { scheduled: "info", in_force: "success", past: "neutral" } as const;

/** The programme's version history: newest effective date first, paged on the server. */
export function VersionsTable({
  rows,
  total,
  page,
  pageSize,
}: {
  rows: VersionRow[];
  total: number;
  page: number;
  pageSize: number;
}) {
  const t = useTranslations("loyaltyTiers");
  const format = useFormatter();
  const locale = useLocale();

  const columns = useMemo<ColumnDef<VersionRow, unknown>[]>(() => {
    const when = (iso: string) =>
      format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "short", timeZone: PROGRAMME_TIME_ZONE });
    return [
      {
        id: "effectiveFrom",
        header: t("effectiveFrom"),
        cell: ({ row }) => <span className="whitespace-nowrap">{when(row.original.effectiveFrom)}</span>,
      },
      {
        id: "status",
        header: t("status"),
        cell: ({ row }) => (
          <Badge tone={STATUS_TONE[row.original.status]}>{t(`statuses.${row.original.status}`)}</Badge>
        ),
      },
      ...TIER_CODES.slice(1).map((code, i): ColumnDef<VersionRow, unknown> => ({
        id: code,
        header: t(`tiers.${code}`),
        cell: ({ row }) => {
          const fen = row.original.thresholdsFen?.[i + 1];
          const multiplier = row.original.multipliers?.[i + 1];
          return fen === undefined ? (
            "—"
          ) : (
            <span className="whitespace-nowrap tabular-nums">
              {formatFen(fen, locale)} <span className="text-stone-500">×{multiplier}</span>
            </span>
          );
        },
      })),
      { id: "setBy", header: t("setBy"), cell: ({ row }) => row.original.setByName ?? t("system") },
      {
        id: "setAt",
        header: t("setAt"),
        cell: ({ row }) => <span className="whitespace-nowrap text-stone-500">{when(row.original.setAt)}</span>,
      },
    ];
  }, [t, format, locale]);

  return (
    <DataTable
      columns={columns}
      data={rows}
      total={total}
      params={{ page, pageSize }}
      getRowId={(row) => row.id}
      empty={{ title: t("historyEmptyTitle"), body: t("historyEmptyBody") }}
    />
  );
}
