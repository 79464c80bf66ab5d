"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { useLocale, useTranslations } from "next-intl";
import { useMemo } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { FilterBar, type FilterDefinition } from "@/components/data-table/filter-bar";
import { Badge } from "@/components/ui/badge";
import type { RoomListParams, RoomRow } from "@/lib/appointments/setup/queries";
import { storeDisplayName } from "@/lib/stores/display";
import { RenameRoomDialog, RoomStatusButton } from "./room-dialogs";

export function RoomsTable({
  rows,
  total,
  params,
  stores,
}: {
  rows: RoomRow[];
  total: number;
  params: RoomListParams;
  stores: { id: string; label: string }[];
}) {
  const t = useTranslations("appointmentSetup.rooms");
  const locale = useLocale();

  const columns = useMemo<ColumnDef<RoomRow, unknown>[]>(
    () => [
      {
        id: "store",
        header: t("store"),
        cell: ({ row }) => (
          <div>
            <p>{storeDisplayName({ name: row.original.storeName, nameEn: row.original.storeNameEn }, locale)}</p>
            <p className="font-mono text-xs text-stone-500">{row.original.storeCode}</p>
          </div>
        ),
      },
      {
        id: "name",
        header: t("name"),
        cell: ({ row }) => {
          const shown = locale === "en" && row.original.nameEn ? row.original.nameEn : row.original.name;
          const other = shown === row.original.name ? row.original.nameEn : row.original.name;
          return (
            <div>
              <p className="font-medium text-stone-900">{shown}</p>
              {other ? <p className="text-xs text-stone-500">{other}</p> : null}
            </div>
          );
        },
      },
      {
        id: "status",
        header: t("status"),
        cell: ({ row }) =>
          row.original.active ? <Badge tone="success">{t("active")}</Badge> : <Badge>{t("inactive")}</Badge>,
      },
      {
        id: "actions",
        header: () => <span className="sr-only">{t("actions")}</span>,
        cell: ({ row }) => (
          <div className="flex flex-wrap items-start gap-2">
            <RenameRoomDialog room={row.original} />
            <RoomStatusButton room={row.original} />
          </div>
        ),
      },
    ],
    [t, locale],
  );

  const filters: FilterDefinition[] = [
    {
      type: "select",
      name: "status",
      label: t("status"),
      options: [
        { value: "active", label: t("active") },
        { value: "inactive", label: t("inactive") },
      ],
    },
  ];
  if (stores.length > 1) {
    filters.unshift({
      type: "select",
      name: "store",
      label: t("store"),
      options: stores.map((store) => ({ value: store.id, label: store.label })),
    });
  }

  const filtered = Boolean(params.store || params.status);

  return (
    <DataTable
      columns={columns}
      data={rows}
      total={total}
      params={params}
      sortable={["store", "name"]}
      getRowId={(row) => row.id}
      empty={
        filtered
          ? { title: t("emptyFilteredTitle"), body: t("emptyFilteredBody") }
          : { title: t("emptyTitle"), body: t("emptyBody") }
      }
      toolbar={<FilterBar filters={filters} />}
    />
  );
}
