"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useFormatter, useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import type {
  DecidedAdjustmentRow,
  DecidedAdjustmentsParams,
  PendingAdjustmentRow,
  PendingAdjustmentsParams,
} from "@/lib/loyalty/adjustments/queries";
import { DecisionButtons } from "./decision-dialog";
import { DecisionCell } from "./decision-dialog-frame";

type Formatter = ReturnType<typeof useFormatter>;

const signedPoints = (format: Formatter, points: number) => format.number(points, { signDisplay: "always" });
/** Times in the member's home store's time zone. */
const storeTime = (format: Formatter, date: Date | string, timeZone: string) =>
  format.dateTime(new Date(date), { dateStyle: "medium", timeStyle: "short", timeZone });

function MemberCell({ row }: { row: { memberId: string; memberName: string; storeCode: string } }) {
  return (
    <div>
      <Link href={`/members/${row.memberId}`} className="font-medium text-amber-800 hover:underline">
        {row.memberName}
      </Link>
      <div className="font-mono text-xs text-stone-500">{row.storeCode}</div>
    </div>
  );
}

function PointsCell({ points, text }: { points: number; text: string }) {
  return (
    <span
      className={points < 0 ? "font-medium text-red-700 tabular-nums" : "font-medium text-emerald-700 tabular-nums"}
    >
      {text}
    </span>
  );
}

function RequesterCell({ name, username }: { name: string; username?: string }) {
  return (
    <div>
      <div>{name}</div>
      {username ? <div className="font-mono text-xs text-stone-500">{username}</div> : null}
    </div>
  );
}

/** The queue: what waits for a manager. The viewer's own requests say so and offer no decision. */
export function PendingAdjustmentsTable({
  rows,
  total,
  params,
  viewerId,
}: {
  rows: PendingAdjustmentRow[];
  total: number;
  params: PendingAdjustmentsParams;
  viewerId: string;
}) {
  const t = useTranslations("loyaltyApprovals");
  const format = useFormatter();
  const router = useRouter();
  const [notice, setNotice] = useState<string>();

  const columns = useMemo<ColumnDef<PendingAdjustmentRow, unknown>[]>(
    () => [
      { id: "member", header: t("member"), cell: ({ row }) => <MemberCell row={row.original} /> },
      {
        id: "points",
        header: t("points"),
        cell: ({ row }) => <PointsCell points={row.original.points} text={signedPoints(format, row.original.points)} />,
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
          <RequesterCell name={row.original.requestedByName} username={row.original.requestedByUsername} />
        ),
      },
      {
        // A request split into small ones shows here: the threshold holds against this total.
        id: "requesterDayTotal",
        header: () => <span title={t("requesterDayTotalHint")}>{t("requesterDayTotal")}</span>,
        cell: ({ row }) => <span className="tabular-nums">{format.number(row.original.requesterDayTotal)}</span>,
      },
      {
        id: "requestedAt",
        header: t("requestedAt"),
        cell: ({ row }) => (
          <span className="whitespace-nowrap">
            {storeTime(format, row.original.requestedAt, row.original.timeZone)}
          </span>
        ),
      },
      {
        id: "balance",
        header: t("balanceNow"),
        cell: ({ row }) => {
          const { memberBalance, points } = row.original;
          return (
            <span className="tabular-nums">
              {format.number(memberBalance)}
              {memberBalance + points < 0 ? (
                <span className="ml-2">
                  <Badge tone="danger">{t("wouldOverdraw")}</Badge>
                </span>
              ) : null}
            </span>
          );
        },
      },
      {
        id: "decision",
        header: t("decision"),
        cell: ({ row }) => (
          <DecisionCell ownRequest={row.original.requestedById === viewerId}>
            <DecisionButtons
              target={{ ...row.original, adjustmentId: row.original.id }}
              onDecided={(message) => {
                setNotice(message);
                router.refresh();
              }}
            />
          </DecisionCell>
        ),
      },
    ],
    [t, format, viewerId, router],
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
        empty={{ title: t("emptyPendingTitle"), body: t("emptyPendingBody") }}
      />
    </div>
  );
}

/** What managers decided, with who, when and why. */
export function DecidedAdjustmentsTable({
  rows,
  total,
  params,
}: {
  rows: DecidedAdjustmentRow[];
  total: number;
  params: DecidedAdjustmentsParams;
}) {
  const t = useTranslations("loyaltyApprovals");
  const format = useFormatter();

  const columns = useMemo<ColumnDef<DecidedAdjustmentRow, unknown>[]>(
    () => [
      { id: "member", header: t("member"), cell: ({ row }) => <MemberCell row={row.original} /> },
      {
        id: "points",
        header: t("points"),
        cell: ({ row }) => <PointsCell points={row.original.points} text={signedPoints(format, row.original.points)} />,
      },
      {
        id: "reason",
        header: t("reason"),
        cell: ({ row }) => <p className="max-w-xs break-words whitespace-pre-line">{row.original.reason}</p>,
      },
      {
        id: "requestedAt",
        header: t("requested"),
        cell: ({ row }) => (
          <div>
            <div>{row.original.requestedByName}</div>
            <div className="text-xs whitespace-nowrap text-stone-500">
              {storeTime(format, row.original.requestedAt, row.original.timeZone)}
            </div>
          </div>
        ),
      },
      {
        id: "status",
        header: t("decision"),
        cell: ({ row }) =>
          row.original.status === "approved" ? (
            <Badge tone="success">{t("statusApproved")}</Badge>
          ) : (
            <Badge tone="danger">{t("statusRejected")}</Badge>
          ),
      },
      {
        id: "decidedAt",
        header: t("decided"),
        cell: ({ row }) => (
          <div>
            <div>{row.original.decidedByName}</div>
            <div className="text-xs whitespace-nowrap text-stone-500">
              {storeTime(format, row.original.decidedAt, row.original.timeZone)}
            </div>
          </div>
        ),
      },
      {
        id: "note",
        header: t("note"),
        cell: ({ row }) => (
          <p className="max-w-xs break-words whitespace-pre-line text-stone-600">{row.original.decisionNote ?? "—"}</p>
        ),
      },
    ],
    [t, format],
  );

  return (
    <DataTable
      columns={columns}
      data={rows}
      total={total}
      params={params}
      sortable={["points", "requestedAt", "decidedAt"]}
      getRowId={(row) => row.id}
      empty={{ title: t("emptyDecidedTitle"), body: t("emptyDecidedBody") }}
    />
  );
}
