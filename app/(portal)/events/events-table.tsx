"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useMemo } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { FilterBar } from "@/components/data-table/filter-bar";
import { useUrlParams } from "@/components/data-table/use-url-params";
import { buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import type { EventListParams, EventListRow } from "@/lib/events/queries";
import { EVENT_STATUSES } from "@/lib/events/schemas";
import { storeDisplayName } from "@/lib/stores/display";
import { EventStatusBadge } from "./event-badges";

/** Upcoming or past: two tabs over the same list (the URL's `when`). */
function WhenTabs({ when }: { when: EventListParams["when"] }) {
  const t = useTranslations("events");
  const { setParams } = useUrlParams();
  return (
    <div role="tablist" className="inline-flex rounded-md bg-stone-100 p-1">
      {(["upcoming", "past"] as const).map((tab) => (
        <button
          key={tab}
          type="button"
          role="tab"
          aria-selected={when === tab}
          onClick={() => setParams({ when: tab === "upcoming" ? null : tab })}
          className={cn(
            "rounded px-4 py-1.5 text-sm font-medium",
            when === tab ? "bg-white text-stone-900 shadow-sm" : "text-stone-600 hover:text-stone-900",
          )}
        >
          {t(tab)}
        </button>
      ))}
    </div>
  );
}

export function EventsTable({
  rows,
  total,
  params,
  stores,
  canManage,
}: {
  rows: EventListRow[];
  total: number;
  params: EventListParams;
  stores: { id: string; label: string }[];
  canManage: boolean;
}) {
  const t = useTranslations("events");
  const format = useFormatter();
  const locale = useLocale();

  const columns = useMemo<ColumnDef<EventListRow, unknown>[]>(
    () => [
      {
        id: "title",
        header: t("event"),
        cell: ({ row }) => (
          <div>
            <Link href={`/events/${row.original.id}`} className="font-medium text-amber-800 hover:underline">
              {locale === "en" ? row.original.titleEn : row.original.titleZh}
            </Link>
            <p className="text-xs text-stone-500">{t(`kinds.${row.original.kind}`)}</p>
          </div>
        ),
      },
      {
        id: "startsAt",
        header: t("startsAt"),
        cell: ({ row }) =>
          format.dateTime(row.original.startsAt, {
            dateStyle: "medium",
            timeStyle: "short",
            timeZone: row.original.timeZone,
          }),
      },
      {
        id: "store",
        header: t("store"),
        cell: ({ row }) => storeDisplayName({ name: row.original.storeName, nameEn: row.original.storeNameEn }, locale),
      },
      {
        id: "status",
        header: t("status"),
        cell: ({ row }) => <EventStatusBadge status={row.original.status} />,
      },
      {
        id: "seats",
        header: t("seats"),
        cell: ({ row }) => (
          <span className="tabular-nums">
            {t("seatsOf", { accepted: row.original.accepted, capacity: row.original.capacity })}
          </span>
        ),
      },
      {
        id: "waitlisted",
        header: t("waitlisted"),
        cell: ({ row }) => <span className="tabular-nums">{format.number(row.original.waitlisted)}</span>,
      },
      {
        id: "checkedIn",
        header: t("checkedIn"),
        cell: ({ row }) => <span className="tabular-nums">{format.number(row.original.checkedIn)}</span>,
      },
    ],
    [t, format, locale],
  );

  const filtered = Boolean(params.q || params.status || params.store);
  const empty = filtered
    ? { title: t("emptyFilteredTitle"), body: t("emptyFilteredBody") }
    : params.when === "past"
      ? { title: t("emptyPastTitle"), body: t("emptyPastBody") }
      : {
          title: t("emptyTitle"),
          body: canManage ? t("emptyBody") : t("emptyBodyDoor"),
          action: canManage ? (
            <Link href="/events/new" className={buttonClasses("primary")}>
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
        <div className="space-y-3">
          <WhenTabs when={params.when} />
          <FilterBar
            filters={[
              { type: "search", name: "q", label: t("search"), placeholder: t("searchPlaceholder") },
              ...(stores.length > 1
                ? [
                    {
                      type: "select" as const,
                      name: "store",
                      label: t("store"),
                      options: stores.map((store) => ({ value: store.id, label: store.label })),
                    },
                  ]
                : []),
              {
                type: "select",
                name: "status",
                label: t("status"),
                options: EVENT_STATUSES.map((status) => ({ value: status, label: t(`statuses.${status}`) })),
              },
            ]}
          />
        </div>
      }
    />
  );
}
