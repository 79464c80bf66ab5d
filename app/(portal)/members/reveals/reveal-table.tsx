"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useMemo } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { FilterBar } from "@/components/data-table/filter-bar";
import { useUrlParams } from "@/components/data-table/use-url-params";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { RevealListParams, RevealRow } from "@/lib/members/privacy/queries";

type RevealTableProps = {
  rows: RevealRow[];
  total: number;
  params: RevealListParams;
  staffOptions: { id: string; label: string }[];
  timeZone: string;
};

export function RevealTable({ rows, total, params, staffOptions, timeZone }: RevealTableProps) {
  const t = useTranslations("memberPrivacy.reveals");
  const tFields = useTranslations("memberPrivacy.fields");
  const format = useFormatter();
  const { setParams } = useUrlParams();

  const columns = useMemo<ColumnDef<RevealRow, unknown>[]>(
    () => [
      {
        id: "at",
        header: t("at"),
        cell: ({ row }) => (
          <time dateTime={new Date(row.original.at).toISOString()} className="whitespace-nowrap tabular-nums">
            {format.dateTime(new Date(row.original.at), { dateStyle: "medium", timeStyle: "medium", timeZone })}
          </time>
        ),
      },
      {
        id: "staff",
        header: t("staff"),
        cell: ({ row }) => (
          <div>
            <p>{row.original.staffName ?? "—"}</p>
            <p className="font-mono text-xs text-stone-500">{row.original.staffLabel ?? ""}</p>
          </div>
        ),
      },
      {
        id: "member",
        header: t("member"),
        cell: ({ row }) => {
          const { memberId, memberName } = row.original;
          if (!memberId) return <span className="text-stone-400">—</span>;
          return (
            <div className="space-y-0.5">
              {memberName ? (
                <Link href={`/members/${memberId}`} className="font-medium text-amber-800 hover:underline">
                  {memberName}
                </Link>
              ) : (
                <span className="text-stone-500">{t("memberUnavailable")}</span>
              )}
              {params.member !== memberId ? (
                <p>
                  <button
                    type="button"
                    className="rounded px-1 text-xs text-stone-500 hover:bg-stone-100 hover:text-stone-800"
                    onClick={() => setParams({ member: memberId })}
                  >
                    {t("onlyThisMember")}
                  </button>
                </p>
              ) : null}
            </div>
          );
        },
      },
      {
        id: "fields",
        header: t("fields"),
        cell: ({ row }) => (
          <div className="flex flex-wrap gap-1">
            {row.original.fields.map((field) => (
              <Badge key={field} tone="warning">
                {tFields(field)}
              </Badge>
            ))}
          </div>
        ),
      },
      {
        id: "reason",
        header: t("reason"),
        cell: ({ row }) => <p className="max-w-sm break-words whitespace-pre-wrap">{row.original.reason || "—"}</p>,
      },
      {
        id: "store",
        header: t("store"),
        cell: ({ row }) => <span className="font-mono">{row.original.storeCode ?? "—"}</span>,
      },
      {
        id: "ip",
        header: t("ip"),
        cell: ({ row }) => <span className="font-mono text-xs">{row.original.ip ?? "—"}</span>,
      },
    ],
    [t, tFields, format, timeZone, params.member, setParams],
  );

  return (
    <DataTable
      columns={columns}
      data={rows}
      total={total}
      params={params}
      sortable={["at"]}
      getRowId={(row) => String(row.id)}
      empty={{ title: t("emptyTitle"), body: t("emptyBody") }}
      toolbar={
        <div className="space-y-2">
          <FilterBar
            filters={[
              {
                type: "select",
                name: "staff",
                label: t("staff"),
                options: staffOptions.map((s) => ({ value: s.id, label: s.label })),
              },
              { type: "date", name: "from", label: t("from") },
              { type: "date", name: "to", label: t("to") },
            ]}
          />
          {params.member ? (
            <p className="flex flex-wrap items-center gap-2 text-sm text-stone-700">
              <span>{t("memberFilter")}</span>
              <code className="rounded bg-stone-100 px-1.5 py-0.5 font-mono text-xs">{params.member}</code>
              <Button variant="ghost" size="sm" onClick={() => setParams({ member: null })}>
                {t("clearMemberFilter")}
              </Button>
            </p>
          ) : null}
        </div>
      }
    />
  );
}
