"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { useFormatter, useTranslations } from "next-intl";
import { useMemo } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { Badge } from "@/components/ui/badge";
import { deleteClosureAction } from "@/lib/appointments/setup/actions";
import type { ClosureListParams } from "@/lib/appointments/setup/closures";
import { startOfLocalDay } from "@/lib/time";
import { DeleteButton } from "../delete-button";

/** A closure as the list shows it: whole store-local days when it runs midnight to midnight, else its instants. */
export type ClosureTableRow = {
  id: string;
  startsAt: Date;
  endsAt: Date;
  reason: string;
  /** Store-local first and last day (inclusive) of a whole-day closure; null for a time range. */
  wholeDays: { first: string; last: string } | null;
};

export function ClosuresTable({
  rows,
  total,
  params,
  timeZone,
}: {
  rows: ClosureTableRow[];
  total: number;
  params: ClosureListParams;
  timeZone: string;
}) {
  const t = useTranslations("appointmentSetup.closures");
  const format = useFormatter();

  const columns = useMemo<ColumnDef<ClosureTableRow, unknown>[]>(() => {
    const dateTime = (at: Date) => format.dateTime(at, { dateStyle: "medium", timeStyle: "short", timeZone });
    const day = (value: string) => format.dateTime(startOfLocalDay(value, timeZone), { dateStyle: "medium", timeZone });
    const describe = (row: ClosureTableRow) =>
      row.wholeDays
        ? row.wholeDays.first === row.wholeDays.last
          ? day(row.wholeDays.first)
          : t("daysSpan", { first: day(row.wholeDays.first), last: day(row.wholeDays.last) })
        : t("timeSpan", { from: dateTime(row.startsAt), to: dateTime(row.endsAt) });
    return [
      {
        id: "when",
        header: t("when"),
        cell: ({ row }) => <span className="whitespace-nowrap">{describe(row.original)}</span>,
      },
      {
        id: "kind",
        header: t("kind"),
        cell: ({ row }) =>
          row.original.wholeDays ? (
            <Badge tone="danger">{t("kindDay")}</Badge>
          ) : (
            <Badge tone="warning">{t("kindRange")}</Badge>
          ),
      },
      {
        id: "reason",
        header: t("reason"),
        cell: ({ row }) => row.original.reason || <span className="text-stone-400">—</span>,
      },
      {
        id: "actions",
        header: () => <span className="sr-only">{t("actions")}</span>,
        cell: ({ row }) => (
          <DeleteButton
            label={t("delete")}
            title={t("deleteConfirmTitle", { when: describe(row.original) })}
            body={t("deleteConfirmBody")}
            onDelete={() => deleteClosureAction({ id: row.original.id })}
          />
        ),
      },
    ];
  }, [t, format, timeZone]);

  return (
    <DataTable
      columns={columns}
      data={rows}
      total={total}
      params={params}
      getRowId={(row) => row.id}
      empty={
        params.when === "past"
          ? { title: t("emptyPastTitle"), body: t("emptyPastBody") }
          : { title: t("emptyTitle"), body: t("emptyBody") }
      }
    />
  );
}
