"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useMemo } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { FilterBar } from "@/components/data-table/filter-bar";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { COMPLAINT_CHANNELS } from "@/lib/complaints/cases/schemas";
import type { InquiryListParams, InquiryListRow } from "@/lib/complaints/inquiries/queries";
import { INQUIRY_STATUSES, INQUIRY_TOPICS } from "@/lib/complaints/inquiries/schemas";
import { storeDisplayName } from "@/lib/stores/display";
import { AnswerInquiryButton, ConvertInquiryButton } from "./inquiry-dialogs";

const STATUS_TONE = { unanswered: "warning", answered: "success", converted: "info" } as const;

export function InquiriesTable({
  rows,
  total,
  params,
  stores,
  canHandle,
}: {
  rows: InquiryListRow[];
  total: number;
  params: InquiryListParams;
  stores: { id: string; label: string }[];
  canHandle: boolean;
}) {
  const t = useTranslations("complaintFollowUp.inquiries");
  const tc = useTranslations("complaints");
  const format = useFormatter();
  const locale = useLocale();

  const columns = useMemo<ColumnDef<InquiryListRow, unknown>[]>(
    () => [
      {
        id: "question",
        header: t("question"),
        cell: ({ row }) => (
          <div className="max-w-md">
            <p className="line-clamp-2 whitespace-pre-wrap text-stone-900">{row.original.question}</p>
            {row.original.answer ? (
              <p className="mt-1 line-clamp-2 text-xs whitespace-pre-wrap text-stone-600">
                {t("answerShort", { answer: row.original.answer })}
              </p>
            ) : null}
            <p className="text-xs text-stone-500">{row.original.customerName || t("anonymous")}</p>
          </div>
        ),
      },
      {
        id: "topic",
        header: t("topic"),
        cell: ({ row }) => (
          <div>
            <p>{t(`topics.${row.original.topic}`)}</p>
            <p className="text-xs text-stone-500">{tc(`channels.${row.original.channel}`)}</p>
          </div>
        ),
      },
      {
        id: "status",
        header: t("status"),
        cell: ({ row }) =>
          row.original.complaintId ? (
            <Link href={`/complaints/${row.original.complaintId}`} className="text-amber-800 hover:underline">
              {t("convertedTo", { reference: row.original.complaintReference ?? "" })}
            </Link>
          ) : (
            <Badge tone={STATUS_TONE[row.original.status]}>{t(`statuses.${row.original.status}`)}</Badge>
          ),
      },
      {
        id: "received",
        header: t("receivedAt"),
        cell: ({ row }) =>
          format.dateTime(row.original.receivedAt, {
            dateStyle: "medium",
            timeStyle: "short",
            timeZone: row.original.timeZone,
          }),
      },
      {
        id: "timeToAnswer",
        header: t("timeToAnswer"),
        cell: ({ row }) =>
          row.original.minutesToAnswer === null ? (
            <span className="text-stone-400">—</span>
          ) : (
            <div>
              <p>{t("minutes", { minutes: row.original.minutesToAnswer })}</p>
              {row.original.answeredByName ? (
                <p className="text-xs text-stone-500">{row.original.answeredByName}</p>
              ) : null}
            </div>
          ),
      },
      {
        id: "store",
        header: tc("store"),
        cell: ({ row }) => storeDisplayName({ name: row.original.storeName, nameEn: row.original.storeNameEn }, locale),
      },
      ...(canHandle
        ? [
            {
              id: "actions",
              header: "",
              cell: ({ row }: { row: { original: InquiryListRow } }) =>
                row.original.complaintId ? null : (
                  <div className="flex flex-wrap justify-end gap-2">
                    <AnswerInquiryButton inquiry={row.original} />
                    <ConvertInquiryButton inquiry={row.original} />
                  </div>
                ),
            } satisfies ColumnDef<InquiryListRow, unknown>,
          ]
        : []),
    ],
    [t, tc, format, locale, canHandle],
  );

  const filtered = Boolean(params.store || params.topic || params.channel || params.status || params.from || params.to);
  const empty = filtered
    ? { title: t("emptyFilteredTitle"), body: t("emptyFilteredBody") }
    : {
        title: t("emptyTitle"),
        body: t("emptyBody"),
        action: canHandle ? (
          <Link href="/complaints/inquiries/new" className={buttonClasses("primary")}>
            {t("create")}
          </Link>
        ) : undefined,
      };

  return (
    <DataTable
      columns={columns}
      data={rows}
      total={total}
      params={params}
      getRowId={(row) => row.id}
      empty={empty}
      toolbar={
        <FilterBar
          filters={[
            {
              type: "select",
              name: "status",
              label: t("status"),
              options: INQUIRY_STATUSES.map((s) => ({ value: s, label: t(`statuses.${s}`) })),
            },
            ...(stores.length > 1
              ? [
                  {
                    type: "select" as const,
                    name: "store",
                    label: tc("store"),
                    options: stores.map((s) => ({ value: s.id, label: s.label })),
                  },
                ]
              : []),
            {
              type: "select",
              name: "topic",
              label: t("topic"),
              options: INQUIRY_TOPICS.map((s) => ({ value: s, label: t(`topics.${s}`) })),
            },
            {
              type: "select",
              name: "channel",
              label: tc("channel"),
              options: COMPLAINT_CHANNELS.map((s) => ({ value: s, label: tc(`channels.${s}`) })),
            },
            { type: "date", name: "from", label: tc("receivedFrom") },
            { type: "date", name: "to", label: tc("receivedTo") },
          ]}
        />
      }
    />
  );
}
