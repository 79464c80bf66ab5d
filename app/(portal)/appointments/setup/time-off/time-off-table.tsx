"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { useFormatter, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useMemo, useState, useTransition } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { FilterBar } from "@/components/data-table/filter-bar";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { deleteTimeOffAction } from "@/lib/appointments/setup/actions";
import type { TimeOffListParams, TimeOffRow } from "@/lib/appointments/setup/time-off";

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
          <DeleteTimeOffButton
            storeId={storeId}
            id={row.original.id}
            label={t("deleteConfirmTitle", {
              name: row.original.advisorName,
              from: when(row.original.startsAt),
              to: when(row.original.endsAt),
            })}
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

function DeleteTimeOffButton({ storeId, id, label }: { storeId: string; id: string; label: string }) {
  const t = useTranslations("appointmentSetup.timeOff");
  const tCommon = useTranslations("common");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  return (
    <div className="flex flex-col items-end gap-1">
      <ConfirmDialog
        trigger={t("delete")}
        triggerVariant="danger"
        title={label}
        body={t("deleteConfirmBody")}
        confirmLabel={t("delete")}
        cancelLabel={tCommon("cancel")}
        pending={pending}
        onConfirm={() =>
          startTransition(async () => {
            setError(undefined);
            const result = await deleteTimeOffAction({ storeId, id });
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
