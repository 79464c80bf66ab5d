"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import type { PendingBonusRequestRow, PendingBonusRequestsParams } from "@/lib/loyalty/stored-value/bonus-requests";
import { formatFen } from "@/lib/money";
import { storeDisplayName } from "@/lib/stores/display";
import { BonusDecisionButtons } from "./bonus-decision-dialog";
import { DecisionCell } from "./decision-dialog-frame";

/**
 * The queue of extra stored-value bonuses (beyond the top-up bonus rule) waiting for a manager of
 * the store where the top-up was made. The viewer's own requests say so and offer no decision.
 */
export function PendingBonusRequestsTable({
  rows,
  total,
  params,
  viewerId,
}: {
  rows: PendingBonusRequestRow[];
  total: number;
  params: PendingBonusRequestsParams;
  viewerId: string;
}) {
  const t = useTranslations("loyaltyApprovals");
  const tCards = useTranslations("storedValue");
  const format = useFormatter();
  const locale = useLocale();
  const router = useRouter();
  const [notice, setNotice] = useState<string>();

  const columns = useMemo<ColumnDef<PendingBonusRequestRow, unknown>[]>(
    () => [
      {
        id: "card",
        header: t("card"),
        cell: ({ row }) => {
          const { cardId, cardNo, cardStatus, memberId, memberName } = row.original;
          return (
            <div className="space-y-0.5">
              <Link href={`/loyalty/cards/${cardId}`} className="font-mono font-medium text-amber-800 hover:underline">
                {cardNo}
              </Link>
              <div className="text-xs">
                {memberId ? (
                  <Link href={`/members/${memberId}`} className="text-stone-700 hover:underline">
                    {memberName}
                  </Link>
                ) : (
                  <span className="text-stone-500">{t("anonymousCard")}</span>
                )}
              </div>
              {cardStatus !== "active" ? <Badge tone="danger">{tCards(`statuses.${cardStatus}`)}</Badge> : null}
            </div>
          );
        },
      },
      {
        id: "amount",
        header: t("extraBonus"),
        cell: ({ row }) => (
          <div className="whitespace-nowrap">
            <div className="font-medium text-emerald-700 tabular-nums">
              +{formatFen(row.original.amountFen, locale)}
            </div>
            {row.original.topUpFen !== null ? (
              <div className="text-xs text-stone-500">
                {t("topUpOf", { amount: formatFen(row.original.topUpFen, locale) })}
              </div>
            ) : null}
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
        id: "store",
        header: t("store"),
        cell: ({ row }) => (
          <div>
            <div className="font-mono text-xs text-stone-500">{row.original.store.code}</div>
            <div>{storeDisplayName(row.original.store, locale)}</div>
          </div>
        ),
      },
      {
        id: "decision",
        header: t("decision"),
        cell: ({ row }) => (
          <DecisionCell ownRequest={row.original.requestedById === viewerId}>
            <BonusDecisionButtons
              target={{
                requestId: row.original.id,
                cardNo: row.original.cardNo,
                amountFen: row.original.amountFen,
                reason: row.original.reason,
                requestedByName: row.original.requestedByName,
                cardStatusLabel:
                  row.original.cardStatus === "active" ? null : tCards(`statuses.${row.original.cardStatus}`),
              }}
              onDecided={(message) => {
                setNotice(message);
                router.refresh();
              }}
            />
          </DecisionCell>
        ),
      },
    ],
    [t, tCards, format, locale, viewerId, router],
  );

  return (
    <div className="space-y-3">
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      <DataTable
        columns={columns}
        data={rows}
        total={total}
        params={params}
        sortable={["amount", "requestedAt"]}
        getRowId={(row) => row.id}
        empty={{ title: t("emptyBonusTitle"), body: t("emptyBonusBody") }}
      />
    </div>
  );
}
