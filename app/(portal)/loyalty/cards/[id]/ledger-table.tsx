"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useMemo } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { cn } from "@/components/ui/cn";
import type { LedgerParams, LedgerRow } from "@/lib/loyalty/stored-value/queries";
import { formatFen } from "@/lib/money";

function Signed({ fen, locale }: { fen: number; locale: string }) {
  if (fen === 0) return <span className="text-stone-400">—</span>;
  return (
    <span
      className={cn("whitespace-nowrap tabular-nums", fen < 0 ? "text-red-700" : "text-emerald-700")}
    >{`${fen > 0 ? "+" : ""}${formatFen(fen, locale)}`}</span>
  );
}

/**
 * Notes the business functions write are card numbers (transfers, value returned to a replacement)
 * or the bonus-forfeit marker; they are phrased here, in the reader's language.
 */
function noteOf(row: LedgerRow, t: (key: string, values?: Record<string, string>) => string): string | null {
  if (!row.note) return null;
  if (row.kind === "transfer_out") return t("noteTransferTo", { card: row.note });
  if (row.kind === "transfer_in") return t("noteTransferFrom", { card: row.note });
  if (row.kind === "refund") return t("notePaidWith", { card: row.note });
  if (row.kind === "principal_refund" && row.principalFen === 0) return t("noteBonusForfeited");
  return row.note;
}

/** The card's append-only ledger, newest first, with the balance after each entry. */
export function LedgerTable({
  rows,
  total,
  params,
  timeZone,
}: {
  rows: LedgerRow[];
  total: number;
  params: LedgerParams;
  timeZone: string;
}) {
  const t = useTranslations("storedValue");
  const format = useFormatter();
  const locale = useLocale();

  const columns = useMemo<ColumnDef<LedgerRow, unknown>[]>(
    () => [
      {
        id: "createdAt",
        header: t("at"),
        cell: ({ row }) => (
          <span className="whitespace-nowrap">
            {format.dateTime(new Date(row.original.createdAt), { dateStyle: "medium", timeStyle: "short", timeZone })}
          </span>
        ),
      },
      { id: "kind", header: t("kind"), cell: ({ row }) => t(`kinds.${row.original.kind}`) },
      {
        id: "principal",
        header: t("principal"),
        cell: ({ row }) => <Signed fen={row.original.principalFen} locale={locale} />,
      },
      { id: "bonus", header: t("bonus"), cell: ({ row }) => <Signed fen={row.original.bonusFen} locale={locale} /> },
      {
        id: "balanceAfter",
        header: t("balanceAfter"),
        cell: ({ row }) => (
          <span className="font-medium whitespace-nowrap tabular-nums">
            {formatFen(row.original.balanceAfterFen, locale)}
          </span>
        ),
      },
      {
        id: "reference",
        header: t("reference"),
        cell: ({ row }) => (
          <span className="text-xs text-stone-600">
            {row.original.storeCode ? <span className="font-mono">{row.original.storeCode}</span> : null}
            {row.original.transactionExternalId ? (
              <span className="ml-1.5 font-mono">#{row.original.transactionExternalId}</span>
            ) : null}
            {row.original.note ? <span className="ml-1.5">{noteOf(row.original, t)}</span> : null}
          </span>
        ),
      },
      {
        id: "staff",
        header: t("staff"),
        cell: ({ row }) => row.original.staffName ?? <span className="text-stone-400">{t("pos")}</span>,
      },
    ],
    [t, format, locale, timeZone],
  );

  return (
    <DataTable
      columns={columns}
      data={rows}
      total={total}
      params={params}
      getRowId={(row) => String(row.id)}
      empty={{ title: t("ledgerEmptyTitle"), body: t("ledgerEmptyBody") }}
    />
  );
}
