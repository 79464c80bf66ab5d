"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useMemo } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { FilterBar } from "@/components/data-table/filter-bar";
import { Badge } from "@/components/ui/badge";
import { CHANNELS } from "@/lib/messaging/adapters/types";
import type { MessageListRow } from "@/lib/messaging/queries";
import { MESSAGE_STATUSES, type MessageListParams, type MessageStatus } from "@/lib/messaging/schemas";

type Row = MessageListRow & { storeLabel: string | null };

const STATUS_TONE: Record<MessageStatus, "neutral" | "success" | "warning" | "danger" | "info"> = {
  pending: "info",
  sending: "info",
  sent: "success",
  failed: "danger",
  skipped: "neutral",
};

export function MessagesTable({
  rows,
  total,
  params,
  templateCodes,
  stores,
}: {
  rows: Row[];
  total: number;
  params: MessageListParams;
  templateCodes: readonly string[];
  /** The store filter's choices; empty when the reader has only one store. */
  stores: { id: string; label: string }[];
}) {
  const t = useTranslations("messaging");
  const tStatus = useTranslations("messaging.statuses");
  const tChannel = useTranslations("messaging.channels");
  const tTemplate = useTranslations("messaging.templates");
  const tSkip = useTranslations("messaging.skipReasons");
  const tLocale = useTranslations("messaging.locales");
  const format = useFormatter();

  const columns = useMemo<ColumnDef<Row, unknown>[]>(() => {
    const label = (translate: typeof tStatus, key: string) => (translate.has(key) ? translate(key) : key);
    // Times in the store's zone: that is the member's clock, and the one quiet hours are counted in.
    const when = (date: Date | null, timeZone: string) =>
      date ? (
        <time dateTime={new Date(date).toISOString()} className="whitespace-nowrap tabular-nums">
          {format.dateTime(new Date(date), { dateStyle: "medium", timeStyle: "short", timeZone })}
        </time>
      ) : (
        <span className="text-stone-400">—</span>
      );
    return [
      {
        id: "createdAt",
        header: t("createdAt"),
        cell: ({ row }) => when(row.original.createdAt, row.original.timeZone),
      },
      {
        id: "member",
        header: t("member"),
        cell: ({ row }) =>
          row.original.memberId ? (
            // The member page itself answers "not found" outside the reader's stores.
            <Link href={`/members/${row.original.memberId}`} className="text-amber-800 hover:underline">
              {row.original.memberName ?? "—"}
            </Link>
          ) : row.original.staffName ? (
            <span>{t("staffRecipient", { name: row.original.staffName })}</span>
          ) : (
            <span className="text-stone-400">—</span>
          ),
      },
      {
        id: "template",
        header: t("template"),
        cell: ({ row }) => (
          <div>
            <p>{label(tTemplate, row.original.templateCode)}</p>
            <p className="text-xs text-stone-500">{label(tLocale, row.original.locale)}</p>
          </div>
        ),
      },
      {
        id: "channel",
        header: t("channel"),
        cell: ({ row }) => label(tChannel, row.original.channel),
      },
      {
        id: "status",
        header: t("status"),
        cell: ({ row }) => {
          const { status, skipReason, lastError } = row.original;
          return (
            <div className="max-w-xs space-y-1">
              <Badge tone={STATUS_TONE[status]}>{label(tStatus, status)}</Badge>
              {status === "skipped" && skipReason ? (
                <p className="text-xs text-stone-600">{label(tSkip, skipReason)}</p>
              ) : null}
              {lastError && status !== "sent" && status !== "skipped" ? (
                <p className="text-xs break-words text-red-700" title={t("lastError")}>
                  {lastError}
                </p>
              ) : null}
            </div>
          );
        },
      },
      {
        id: "sendAfter",
        header: t("sendAfter"),
        cell: ({ row }) => when(row.original.sendAfter, row.original.timeZone),
      },
      {
        id: "sentAt",
        header: t("sentAt"),
        cell: ({ row }) => when(row.original.sentAt, row.original.timeZone),
      },
      {
        id: "recipient",
        header: t("recipient"),
        cell: ({ row }) => <span className="font-mono text-xs">{row.original.recipient ?? "—"}</span>,
      },
      {
        id: "attempts",
        header: t("attempts"),
        cell: ({ row }) => (
          <span className="tabular-nums">
            {t("attemptsValue", { attempts: row.original.attempts, max: row.original.maxAttempts })}
          </span>
        ),
      },
      {
        id: "store",
        header: t("store"),
        cell: ({ row }) => row.original.storeLabel ?? <span className="text-stone-400">—</span>,
      },
    ];
  }, [t, tStatus, tChannel, tTemplate, tSkip, tLocale, format]);

  const option = (translate: typeof tStatus, value: string) => ({
    value,
    label: translate.has(value) ? translate(value) : value,
  });

  return (
    <DataTable
      columns={columns}
      data={rows}
      total={total}
      params={params}
      sortable={["createdAt", "sendAfter", "sentAt"]}
      getRowId={(row) => row.id}
      empty={{ title: t("emptyTitle"), body: t("emptyBody") }}
      toolbar={
        <FilterBar
          filters={[
            {
              type: "select",
              name: "status",
              label: t("status"),
              options: MESSAGE_STATUSES.map((s) => option(tStatus, s)),
            },
            { type: "select", name: "channel", label: t("channel"), options: CHANNELS.map((c) => option(tChannel, c)) },
            {
              type: "select",
              name: "template",
              label: t("template"),
              options: templateCodes.map((code) => option(tTemplate, code)),
            },
            ...(stores.length > 0
              ? [
                  {
                    type: "select" as const,
                    name: "store",
                    label: t("store"),
                    options: stores.map((s) => ({ value: s.id, label: s.label })),
                  },
                ]
              : []),
            { type: "date", name: "from", label: t("from") },
            { type: "date", name: "to", label: t("to") },
          ]}
        />
      }
    />
  );
}
