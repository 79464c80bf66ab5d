"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useMemo } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { FilterBar } from "@/components/data-table/filter-bar";
import { Badge } from "@/components/ui/badge";
import { ROLES } from "@/lib/auth/roles";
import type { StaffListParams, StaffListRow } from "@/lib/staff/queries";

export function StaffTable({
  rows,
  total,
  params,
  stores,
}: {
  rows: StaffListRow[];
  total: number;
  params: StaffListParams;
  stores: { id: string; label: string }[];
}) {
  const t = useTranslations("staff");
  const tRoles = useTranslations("roles");
  const format = useFormatter();

  const columns = useMemo<ColumnDef<StaffListRow, unknown>[]>(
    () => [
      {
        id: "username",
        header: t("username"),
        cell: ({ row }) => (
          <Link href={`/admin/staff/${row.original.id}`} className="font-mono text-amber-800 hover:underline">
            {row.original.username}
          </Link>
        ),
      },
      { id: "displayName", header: t("displayName"), cell: ({ row }) => row.original.displayName },
      {
        id: "roles",
        header: t("roles"),
        cell: ({ row }) => (
          <div className="flex flex-wrap gap-1">
            {row.original.roles.map((role) => (
              <Badge key={role} tone={role === "admin" ? "warning" : "neutral"}>
                {tRoles(role)}
              </Badge>
            ))}
          </div>
        ),
      },
      {
        id: "stores",
        header: t("stores"),
        cell: ({ row }) => (row.original.allStores ? t("allStores") : row.original.storeCodes.join(", ") || "—"),
      },
      {
        id: "status",
        header: t("status"),
        cell: ({ row }) =>
          !row.original.active ? (
            <Badge tone="danger">{t("inactive")}</Badge>
          ) : row.original.mustChangePassword ? (
            <Badge tone="info">{t("pendingPassword")}</Badge>
          ) : (
            <Badge tone="success">{t("active")}</Badge>
          ),
      },
      {
        id: "lastSignInAt",
        header: t("lastSignIn"),
        cell: ({ row }) =>
          row.original.lastSignInAt
            ? format.dateTime(new Date(row.original.lastSignInAt), { dateStyle: "medium", timeStyle: "short" })
            : t("never"),
      },
    ],
    [t, tRoles, format],
  );

  return (
    <DataTable
      columns={columns}
      data={rows}
      total={total}
      params={params}
      sortable={["username", "displayName", "lastSignInAt"]}
      getRowId={(row) => row.id}
      empty={{ title: t("emptyTitle"), body: t("emptyBody") }}
      toolbar={
        <FilterBar
          filters={[
            { type: "search", name: "q", label: t("search"), placeholder: t("searchPlaceholder") },
            {
              type: "select",
              name: "role",
              label: t("roles"),
              options: ROLES.map((r) => ({ value: r, label: tRoles(r) })),
            },
            {
              type: "select",
              name: "store",
              label: t("stores"),
              options: stores.map((s) => ({ value: s.id, label: s.label })),
            },
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
