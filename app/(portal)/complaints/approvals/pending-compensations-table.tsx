"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import type { PendingCompensationRow, PendingCompensationsParams } from "@/lib/complaints/resolution/queries";
import { formatFen } from "@/lib/money";
import { storeDisplayName } from "@/lib/stores/display";
import { CompensationDecisionButtons } from "./decision-dialog";

/** The queue of goodwill compensations waiting for a manager; the viewer's own requests offer no decision. */
export function PendingCompensationsTable({
  rows,
  total,
  params,
  viewerId,
}: {
  rows: PendingCompensationRow[];
  total: number;
  params: PendingCompensationsParams;
  viewerId: string;
}) {
  const t = useTranslations("complaintResolution");
  const format = useFormatter();
  const locale = useLocale();
  const router = useRouter();
  const [notice, setNotice] = useState<string>();

  const columns = useMemo<ColumnDef<PendingCompensationRow, unknown>[]>(
    () => [
      {
        id: "complaint",
        header: t("complaint"),
        cell: ({ row }) => (
          <div className="space-y-0.5">
            <Link
              href={`/complaints/${row.original.complaintId}`}
              className="font-mono font-medium text-amber-800 hover:underline"
            >
              {row.original.complaintReference}
            </Link>
            <div className="text-xs text-stone-700">{row.original.memberName}</div>
          </div>
        ),
      },
      {
        id: "points",
        header: t("points"),
        cell: ({ row }) => (
          <div className="whitespace-nowrap">
            <div className="font-medium text-emerald-700 tabular-nums">+{format.number(row.original.points ?? 0)}</div>
            <div className="text-xs text-stone-500">{formatFen(row.original.valueFen, locale)}</div>
          </div>
        ),
      },
      {
        id: "reason",
        header: t("reason"),
        cell: ({ row }) => <p className="max-w-xs break-words whitespace-pre-line">{row.original.reason}</p>,
      },
      {
        id: "requestedBy",
        header: t("requestedBy"),
        cell: ({ row }) => (
          <div>
            <div>{row.original.requestedByName}</div>
            <div className="font-mono text-xs text-stone-500">{row.original.requestedByUsername}</div>
          </div>
        ),
      },
      {
        id: "requestedAt",
        header: t("requestedAt"),
        cell: ({ row }) => (
          <span className="whitespace-nowrap">
            {format.dateTime(new Date(row.original.requestedAt), {
              dateStyle: "medium",
              timeStyle: "short",
              timeZone: row.original.store.timeZone,
            })}
          </span>
        ),
      },
      {
        id: "budget",
        header: t("budgetRemaining"),
        cell: ({ row }) => {
          const { budgetFen, remainingFen, valueFen, store } = row.original;
          return (
            <div className="space-y-0.5 whitespace-nowrap">
              <div className="text-xs text-stone-500">
                {store.code} · {storeDisplayName(store, locale)}
              </div>
              {budgetFen === null ? (
                <Badge tone="danger">{t("noBudget")}</Badge>
              ) : (
                <div className={remainingFen < valueFen ? "text-red-700" : "text-stone-800"}>
                  {formatFen(remainingFen, locale)}
                </div>
              )}
            </div>
          );
        },
      },
      {
        id: "decision",
        header: t("decision"),
        cell: ({ row }) =>
          row.original.requestedById === viewerId ? (
            <span title={t("ownRequestHint")}>
              <Badge tone="info">{t("waitingForAnother")}</Badge>
            </span>
          ) : (
            <CompensationDecisionButtons
              target={row.original}
              onDecided={(message) => {
                setNotice(message);
                router.refresh();
              }}
            />
          ),
      },
    ],
    [t, format, locale, viewerId, router],
  );

  return (
    <div className="space-y-3">
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      <DataTable
        columns={columns}
        data={rows}
        total={total}
        params={params}
        sortable={["points", "requestedAt"]}
        getRowId={(row) => row.id}
        empty={{ title: t("emptyQueueTitle"), body: t("emptyQueueBody") }}
      />
    </div>
  );
}
