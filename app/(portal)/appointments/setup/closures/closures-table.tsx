"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { useFormatter, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useMemo, useState, useTransition } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { Badge } from "@/components/ui/badge";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { deleteClosureAction } from "@/lib/appointments/setup/actions";
import type { ClosureListParams } from "@/lib/appointments/setup/closures";
import { startOfLocalDay } from "@/lib/time";

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
          <DeleteClosureButton id={row.original.id} title={t("deleteConfirmTitle", { when: describe(row.original) })} />
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

function DeleteClosureButton({ id, title }: { id: string; title: string }) {
  const t = useTranslations("appointmentSetup.closures");
  const tCommon = useTranslations("common");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  return (
    <div className="flex flex-col items-end gap-1">
      <ConfirmDialog
        trigger={t("delete")}
        triggerVariant="danger"
        title={title}
        body={t("deleteConfirmBody")}
        confirmLabel={t("delete")}
        cancelLabel={tCommon("cancel")}
        pending={pending}
        onConfirm={() =>
          startTransition(async () => {
            setError(undefined);
            const result = await deleteClosureAction({ id });
            if (!result.ok) return setError(result.message);
            router.refresh();
          })
        }
      />
      {error ? (
        <p role="alert" className="text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
