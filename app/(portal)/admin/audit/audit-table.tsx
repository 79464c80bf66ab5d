"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useMemo } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { FilterBar } from "@/components/data-table/filter-bar";
import { useUrlParams } from "@/components/data-table/use-url-params";
import { Button } from "@/components/ui/button";
import type { AuditListParams, AuditListRow } from "@/lib/audit/queries";

type AuditTableProps = {
  rows: AuditListRow[];
  total: number;
  params: AuditListParams;
  /** Actions offered by the action filter. */
  actions: string[];
  entityTypes: readonly string[];
  /** The zone audit times are shown in (the same one the date filters use). */
  timeZone: string;
  /** Which entity pages the reader may open. */
  links: { staff: boolean; stores: "all" | string[] };
};

export function AuditTable({ rows, total, params, actions, entityTypes, timeZone, links }: AuditTableProps) {
  const t = useTranslations("audit");
  const tActions = useTranslations("audit.actions");
  const tEntities = useTranslations("audit.entityTypes");
  const format = useFormatter();
  const { setParams } = useUrlParams();

  const columns = useMemo<ColumnDef<AuditListRow, unknown>[]>(() => {
    // next-intl reads dots in keys as nesting, so "staff.create" is stored as "staff_create".
    const actionLabel = (action: string) => {
      const key = action.replace(/\./g, "_");
      return tActions.has(key) ? tActions(key) : action;
    };
    const entityLabel = (type: string) => (tEntities.has(type) ? tEntities(type) : type);
    const entityHref = (type: string | null, id: string | null) => {
      if (!id) return null;
      if (type === "staff" && links.staff) return `/admin/staff/${id}`;
      if (type === "store" && (links.stores === "all" || links.stores.includes(id))) return `/admin/stores/${id}`;
      // The pages themselves answer "not found" outside the reader's stores.
      if (type === "member") return `/members/${id}`;
      if (type === "complaint") return `/complaints/${id}`;
      if (type === "service_ticket") return `/after-sales/tickets/${id}`;
      if (type === "jewelry_item") return `/after-sales/items/${id}`;
      return null;
    };

    return [
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
        id: "actor",
        header: t("actor"),
        cell: ({ row }) => {
          const { actorLabel, actorStaffId } = row.original;
          if (!actorLabel) return <span className="text-stone-400">—</span>;
          return actorStaffId && links.staff ? (
            <Link href={`/admin/staff/${actorStaffId}`} className="font-mono text-amber-800 hover:underline">
              {actorLabel}
            </Link>
          ) : (
            <span className="font-mono">{actorLabel}</span>
          );
        },
      },
      {
        id: "action",
        header: t("action"),
        cell: ({ row }) => (
          <div>
            <p>{actionLabel(row.original.action)}</p>
            <p className="font-mono text-xs text-stone-500">{row.original.action}</p>
          </div>
        ),
      },
      {
        id: "entity",
        header: t("entity"),
        cell: ({ row }) => {
          const { entityType, entityId } = row.original;
          if (!entityType && !entityId) return <span className="text-stone-400">—</span>;
          const href = entityHref(entityType, entityId);
          const shortId = entityId && entityId.length > 13 ? `${entityId.slice(0, 8)}…` : entityId;
          return (
            <div className="space-y-0.5">
              <p>{entityType ? entityLabel(entityType) : "—"}</p>
              {entityId ? (
                <p className="flex items-center gap-1.5 text-xs">
                  {href ? (
                    <Link href={href} title={entityId} className="font-mono text-amber-800 hover:underline">
                      {shortId}
                    </Link>
                  ) : (
                    <span title={entityId} className="font-mono text-stone-600">
                      {shortId}
                    </span>
                  )}
                  {params.entityId !== entityId ? (
                    <button
                      type="button"
                      className="rounded px-1 text-stone-500 hover:bg-stone-100 hover:text-stone-800"
                      aria-label={t("filterEntityLabel", { id: entityId })}
                      title={t("filterEntity")}
                      onClick={() => setParams({ entityType, entityId })}
                    >
                      {t("filterEntityShort")}
                    </button>
                  ) : null}
                </p>
              ) : null}
            </div>
          );
        },
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
      {
        id: "details",
        header: t("details"),
        cell: ({ row }) => {
          const details = row.original.details;
          const keys = details ? Object.keys(details) : [];
          if (!details || keys.length === 0) return <span className="text-stone-400">—</span>;
          return (
            <details className="max-w-sm">
              <summary className="cursor-pointer text-xs text-amber-800 select-none">{keys.join(", ")}</summary>
              <pre className="mt-1 rounded bg-stone-50 p-2 font-mono text-xs break-all whitespace-pre-wrap text-stone-700">
                {JSON.stringify(details)}
              </pre>
            </details>
          );
        },
      },
    ];
  }, [t, tActions, tEntities, format, timeZone, links, params.entityId, setParams]);

  const actionOptions = actions.map((action) => {
    const key = action.replace(/\./g, "_");
    return { value: action, label: tActions.has(key) ? tActions(key) : action };
  });

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
              { type: "search", name: "actor", label: t("actor"), placeholder: t("actorPlaceholder") },
              { type: "select", name: "action", label: t("action"), options: actionOptions },
              {
                type: "select",
                name: "entityType",
                label: t("entityType"),
                options: entityTypes.map((type) => ({
                  value: type,
                  label: tEntities.has(type) ? tEntities(type) : type,
                })),
              },
              { type: "date", name: "from", label: t("from") },
              { type: "date", name: "to", label: t("to") },
            ]}
          />
          {params.entityId ? (
            <p className="flex flex-wrap items-center gap-2 text-sm text-stone-700">
              <span>
                {t("entityFilter", {
                  type: params.entityType
                    ? tEntities.has(params.entityType)
                      ? tEntities(params.entityType)
                      : params.entityType
                    : t("anyEntity"),
                })}
              </span>
              <code className="rounded bg-stone-100 px-1.5 py-0.5 font-mono text-xs">{params.entityId}</code>
              <Button variant="ghost" size="sm" onClick={() => setParams({ entityId: null })}>
                {t("clearEntityFilter")}
              </Button>
            </p>
          ) : null}
        </div>
      }
    />
  );
}
