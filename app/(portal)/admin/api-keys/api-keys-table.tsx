"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useMemo } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { FilterBar } from "@/components/data-table/filter-bar";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import type { ApiKeyListRow } from "@/lib/api-keys/queries";
import { API_KEY_KINDS, type ApiKeyListParams } from "@/lib/api-keys/schemas";
import { ApiKeyKindBadge, KIND_LABEL } from "./api-key-kind";
import { RevokeApiKeyButton } from "./revoke-api-key-button";

export function ApiKeysTable({
  rows,
  total,
  params,
  stores,
}: {
  rows: ApiKeyListRow[];
  total: number;
  params: ApiKeyListParams;
  stores: { id: string; label: string }[];
}) {
  const t = useTranslations("apiKeys");
  const format = useFormatter();

  const columns = useMemo<ColumnDef<ApiKeyListRow, unknown>[]>(() => {
    // Times in the key's store's time zone: that is where the POS runs.
    const when = (date: Date | null, timeZone: string) =>
      date ? format.dateTime(new Date(date), { dateStyle: "medium", timeStyle: "short", timeZone }) : null;
    return [
      {
        id: "name",
        header: t("name"),
        cell: ({ row }) => <span className="font-medium text-stone-900">{row.original.name}</span>,
      },
      {
        id: "store",
        header: t("store"),
        cell: ({ row }) => (
          <span>
            <span className="font-mono text-xs text-stone-500">{row.original.storeCode}</span> {row.original.storeName}
          </span>
        ),
      },
      {
        id: "kind",
        header: t("kind"),
        cell: ({ row }) => <ApiKeyKindBadge kind={row.original.kind} />,
      },
      {
        id: "prefix",
        header: t("prefix"),
        cell: ({ row }) => <code className="font-mono text-xs text-stone-700">{row.original.prefix}…</code>,
      },
      {
        id: "rateLimit",
        header: t("rateLimit"),
        cell: ({ row }) => t("perMinute", { count: row.original.rateLimitPerMinute }),
      },
      {
        id: "lookups",
        header: t("lookups"),
        cell: ({ row }) => {
          const { lookupsFound: found, lookupsMissed: missed } = row.original;
          return (
            <span className={found + missed === 0 ? "whitespace-nowrap text-stone-400" : "whitespace-nowrap"}>
              {t("lookupsCount", { found, missed })}
            </span>
          );
        },
      },
      {
        id: "createdAt",
        header: t("createdAt"),
        cell: ({ row }) => (
          <span className="whitespace-nowrap">
            {when(row.original.createdAt, row.original.storeTimeZone)}
            {row.original.createdByUsername ? (
              <span className="block text-xs text-stone-500">{row.original.createdByUsername}</span>
            ) : null}
          </span>
        ),
      },
      {
        id: "lastUsedAt",
        header: t("lastUsedAt"),
        cell: ({ row }) => (
          <span className="whitespace-nowrap">
            {when(row.original.lastUsedAt, row.original.storeTimeZone) ?? (
              <span className="text-stone-400">{t("never")}</span>
            )}
          </span>
        ),
      },
      {
        id: "status",
        header: t("status"),
        cell: ({ row }) =>
          row.original.revokedAt ? (
            <span title={when(row.original.revokedAt, row.original.storeTimeZone) ?? undefined}>
              <Badge tone="danger">{t("revoked")}</Badge>
            </span>
          ) : (
            <Badge tone="success">{t("active")}</Badge>
          ),
      },
      {
        id: "actions",
        header: () => <span className="sr-only">{t("actions")}</span>,
        cell: ({ row }) =>
          row.original.revokedAt ? null : (
            <RevokeApiKeyButton id={row.original.id} name={row.original.name} prefix={row.original.prefix} />
          ),
      },
    ];
  }, [t, format]);

  return (
    <DataTable
      columns={columns}
      data={rows}
      total={total}
      params={params}
      sortable={["name", "store", "createdAt", "lastUsedAt"]}
      getRowId={(row) => row.id}
      empty={{
        title: t("emptyTitle"),
        body: t("emptyBody"),
        action: (
          <Link href="/admin/api-keys/new" className={buttonClasses("primary")}>
            {t("create")}
          </Link>
        ),
      }}
      toolbar={
        <FilterBar
          filters={[
            { type: "search", name: "q", label: t("search"), placeholder: t("searchPlaceholder") },
            {
              type: "select",
              name: "store",
              label: t("store"),
              options: stores.map((s) => ({ value: s.id, label: s.label })),
            },
            {
              type: "select",
              name: "kind",
              label: t("kind"),
              options: API_KEY_KINDS.map((kind) => ({ value: kind, label: t(KIND_LABEL[kind]) })),
            },
            {
              type: "select",
              name: "status",
              label: t("status"),
              options: [
                { value: "active", label: t("active") },
                { value: "revoked", label: t("revoked") },
              ],
            },
          ]}
        />
      }
    />
  );
}
