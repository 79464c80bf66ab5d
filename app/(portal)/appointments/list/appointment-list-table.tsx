"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useMemo } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { FilterBar } from "@/components/data-table/filter-bar";
import { useUrlParams } from "@/components/data-table/use-url-params";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import type { AppointmentListRow } from "@/lib/appointments/calendar/queries";
import {
  APPOINTMENT_STATUSES,
  type AppointmentListParams,
  type AppointmentStatus,
} from "@/lib/appointments/calendar/schemas";
import { storeDisplayName } from "@/lib/stores/display";
import { appointmentHref } from "../_calendar/hrefs";
import { STATUS_BADGE_TONE } from "../_calendar/status-style";

type Option = { value: string; label: string };

export function AppointmentListTable({
  rows,
  total,
  params,
  showStore,
  stores,
  advisors,
  types,
}: {
  rows: AppointmentListRow[];
  total: number;
  params: AppointmentListParams;
  /** More than one store in the viewer's scope: the store column and filter are worth their space. */
  showStore: boolean;
  stores: Option[];
  advisors: Option[];
  types: Option[];
}) {
  const t = useTranslations("appointmentCalendar");
  const format = useFormatter();
  const locale = useLocale();

  const columns = useMemo<ColumnDef<AppointmentListRow, unknown>[]>(() => {
    const all: (ColumnDef<AppointmentListRow, unknown> | null)[] = [
      {
        id: "startsAt",
        header: t("listStart"),
        cell: ({ row }) => {
          const { startsAt, endsAt, timeZone, id } = row.original;
          return (
            <Link
              href={appointmentHref(id)}
              prefetch={false}
              className="whitespace-nowrap text-amber-800 hover:underline"
            >
              <time dateTime={new Date(startsAt).toISOString()} className="tabular-nums">
                {format.dateTimeRange(new Date(startsAt), new Date(endsAt), {
                  dateStyle: "medium",
                  timeStyle: "short",
                  timeZone,
                })}
              </time>
            </Link>
          );
        },
      },
      {
        id: "member",
        header: t("listMember"),
        cell: ({ row }) => <span>{row.original.memberMaskedName}</span>,
      },
      {
        id: "type",
        header: t("listType"),
        cell: ({ row }) => (locale === "en" ? row.original.typeNameEn : row.original.typeNameZh),
      },
      {
        id: "advisor",
        header: t("listAdvisor"),
        cell: ({ row }) => row.original.advisorName,
      },
      showStore
        ? {
            id: "store",
            header: t("store"),
            cell: ({ row }) => (
              <span
                title={storeDisplayName({ name: row.original.storeName, nameEn: row.original.storeNameEn }, locale)}
              >
                <span className="font-mono">{row.original.storeCode}</span>
              </span>
            ),
          }
        : null,
      {
        id: "room",
        header: t("listRoom"),
        cell: ({ row }) => {
          const { roomName, roomNameEn } = row.original;
          if (!roomName) return <span className="text-stone-400">—</span>;
          return locale === "en" && roomNameEn ? roomNameEn : roomName;
        },
      },
      {
        id: "status",
        header: t("listStatus"),
        cell: ({ row }) => (
          <Badge tone={STATUS_BADGE_TONE[row.original.status]}>{t(`status.${row.original.status}`)}</Badge>
        ),
      },
    ];
    return all.filter((column): column is ColumnDef<AppointmentListRow, unknown> => column !== null);
  }, [t, format, locale, showStore]);

  const filtered = Boolean(
    params.store || params.advisor || params.type || params.status.length || params.from || params.to,
  );

  return (
    <DataTable
      columns={columns}
      data={rows}
      total={total}
      params={params}
      sortable={["startsAt", "status", "advisor"]}
      getRowId={(row) => row.id}
      empty={{ title: t("emptyTitle"), body: filtered ? t("emptyBodyFiltered") : t("emptyBody") }}
      toolbar={
        <div className="space-y-3">
          <FilterBar
            filters={[
              ...(showStore ? [{ type: "select" as const, name: "store", label: t("store"), options: stores }] : []),
              { type: "select", name: "advisor", label: t("listAdvisor"), options: advisors },
              { type: "select", name: "type", label: t("listType"), options: types },
              { type: "date", name: "from", label: t("from") },
              { type: "date", name: "to", label: t("to") },
            ]}
          />
          <StatusFilter selected={params.status} />
        </div>
      }
    />
  );
}

/** Several statuses at once (`status=a,b`): toggles, each a 40 px target. */
function StatusFilter({ selected }: { selected: AppointmentStatus[] }) {
  const t = useTranslations("appointmentCalendar");
  const { setParams } = useUrlParams();
  const toggle = (status: AppointmentStatus) => {
    const next = selected.includes(status) ? selected.filter((s) => s !== status) : [...selected, status];
    // In lifecycle order, so that the same choice always makes the same URL.
    setParams({ status: APPOINTMENT_STATUSES.filter((s) => next.includes(s)).join(",") });
  };
  return (
    <fieldset className="flex flex-wrap items-center gap-2">
      <legend className="sr-only">{t("listStatus")}</legend>
      <span className="text-xs font-medium text-stone-600" aria-hidden>
        {t("listStatus")}
      </span>
      {APPOINTMENT_STATUSES.map((status) => {
        const on = selected.includes(status);
        return (
          <button
            key={status}
            type="button"
            aria-pressed={on}
            onClick={() => toggle(status)}
            className={cn(
              "min-h-10 rounded-full px-3 text-sm ring-1 ring-inset focus-visible:outline-2 focus-visible:outline-amber-600",
              on
                ? "bg-amber-700 text-white ring-amber-700"
                : "bg-white text-stone-700 ring-stone-300 hover:bg-stone-50",
            )}
          >
            {t(`status.${status}`)}
          </button>
        );
      })}
      {selected.length ? (
        <Button variant="ghost" onClick={() => setParams({ status: null })}>
          {t("allStatuses")}
        </Button>
      ) : null}
    </fieldset>
  );
}
