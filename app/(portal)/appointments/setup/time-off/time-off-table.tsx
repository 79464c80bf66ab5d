"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { useFormatter, useTranslations } from "next-intl";
import { useMemo } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { FilterBar } from "@/components/data-table/filter-bar";
import { deleteTimeOffAction } from "@/lib/appointments/setup/actions";
import type { TimeOffListParams, TimeOffRow } from "@/lib/appointments/setup/time-off";
import { DeleteButton } from "../delete-button";

export function TimeOffTable({
  rows,
  total,
  params,
  storeId,
  timeZone,
  advisors,
}: {
  rows: TimeOffRow[];
  total: number;
  params: TimeOffListParams;
  storeId: string;
  timeZone: string;
  advisors: { id: string; displayName: string }[];
}) {
  const t = useTranslations("appointmentSetup.timeOff");
  const format = useFormatter();

  const columns = useMemo<ColumnDef<TimeOffRow, unknown>[]>(() => {
    const when = (at: Date) => format.dateTime(at, { dateStyle: "medium", timeStyle: "short", timeZone });
    return [
      {
        id: "advisor",
        header: t("advisor"),
        cell: ({ row }) => <span className="font-medium text-stone-900">{row.original.advisorName}</span>,
      },
      {
        id: "startsAt",
        header: t("startsAt"),
        cell: ({ row }) => <span className="whitespace-nowrap">{when(row.original.startsAt)}</span>,
      },
      {
        id: "endsAt",
        header: t("endsAt"),
        cell: ({ row }) => <span className="whitespace-nowrap">{when(row.original.endsAt)}</span>,
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
            title={t("deleteConfirmTitle", {
              name: row.original.advisorName,
              from: when(row.original.startsAt),
              to: when(row.original.endsAt),
            })}
            body={t("deleteConfirmBody")}
            onDelete={() => deleteTimeOffAction({ storeId, id: row.original.id })}
          />
        ),
      },
    ];
  }, [t, format, timeZone, storeId]);

  return (
    <DataTable
      columns={columns}
      data={rows}
      total={total}
      params={params}
      getRowId={(row) => row.id}
      empty={
        params.advisor
          ? { title: t("emptyFilteredTitle"), body: t("emptyFilteredBody") }
          : params.when === "past"
            ? { title: t("emptyPastTitle"), body: t("emptyPastBody") }
            : { title: t("emptyTitle"), body: t("emptyBody") }
      }
      toolbar={
        advisors.length > 1 ? (
          <FilterBar
            filters={[
              {
                type: "select",
                name: "advisor",
                label: t("advisor"),
                options: advisors.map((advisor) => ({ value: advisor.id, label: advisor.displayName })),
              },
            ]}
          />
        ) : undefined
      }
    />
  );
}
