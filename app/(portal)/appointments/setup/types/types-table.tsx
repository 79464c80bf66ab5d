"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useMemo } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { FilterBar } from "@/components/data-table/filter-bar";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import type { AppointmentTypeListParams, AppointmentTypeRow } from "@/lib/appointments/setup/queries";
import { minutesText } from "../minutes-text";
import { useTierLabel } from "./tier-label";

export function TypesTable({
  rows,
  total,
  params,
  canManage,
}: {
  rows: AppointmentTypeRow[];
  total: number;
  params: AppointmentTypeListParams;
  canManage: boolean;
}) {
  const t = useTranslations("appointmentSetup.types");
  const tSetup = useTranslations("appointmentSetup");
  const tierLabel = useTierLabel();

  const columns = useMemo<ColumnDef<AppointmentTypeRow, unknown>[]>(
    () => [
      {
        id: "sortOrder",
        header: t("sortOrder"),
        cell: ({ row }) => <span className="tabular-nums text-stone-500">{row.original.sortOrder}</span>,
      },
      {
        id: "code",
        header: t("code"),
        cell: ({ row }) => (
          <Link
            href={`/appointments/setup/types/${row.original.id}`}
            className="font-mono text-amber-800 hover:underline"
          >
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
        id: "durationMin",
        header: t("duration"),
        cell: ({ row }) => (
          <div className="whitespace-nowrap">
            <p>{minutesText(row.original.durationMin, tSetup)}</p>
            {row.original.bufferMin > 0 ? (
              <p className="text-xs text-stone-500">
                {t("plusBuffer", { buffer: minutesText(row.original.bufferMin, tSetup) })}
              </p>
            ) : null}
          </div>
        ),
      },
      {
        id: "noticeMin",
        header: t("notice"),
        cell: ({ row }) => <span className="whitespace-nowrap">{minutesText(row.original.noticeMin, tSetup)}</span>,
      },
      {
        id: "minTier",
        header: t("minTier"),
        cell: ({ row }) =>
          row.original.minTier ? (
            <Badge tone="warning">{t("tierAndAbove", { tier: tierLabel(row.original.minTier) })}</Badge>
          ) : (
            <span className="text-stone-600">{tierLabel(null)}</span>
          ),
      },
      {
        id: "needsRoom",
        header: t("needsRoom"),
        cell: ({ row }) => (row.original.needsRoom ? t("yes") : t("no")),
      },
      {
        id: "dailyCap",
        header: t("dailyCap"),
        cell: ({ row }) => (
          <span className="tabular-nums">{row.original.dailyCap === null ? t("noCap") : row.original.dailyCap}</span>
        ),
      },
      {
        id: "status",
        header: t("status"),
        cell: ({ row }) =>
          row.original.active ? <Badge tone="success">{t("active")}</Badge> : <Badge>{t("inactive")}</Badge>,
      },
    ],
    [t, tSetup, tierLabel],
  );

  const filtered = Boolean(params.q || params.status);

  return (
    <DataTable
      columns={columns}
      data={rows}
      total={total}
      params={params}
      sortable={["sortOrder", "code", "nameZh", "durationMin", "noticeMin"]}
      getRowId={(row) => row.id}
      empty={
        filtered
          ? { title: t("emptyFilteredTitle"), body: t("emptyFilteredBody") }
          : {
              title: t("emptyTitle"),
              body: canManage ? t("emptyBody") : t("emptyBodyReadOnly"),
              action: canManage ? (
                <Link href="/appointments/setup/types/new" className={buttonClasses("primary")}>
                  {t("create")}
                </Link>
              ) : undefined,
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
          ]}
        />
      }
    />
  );
}
