import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { FilterBar, type FilterDefinition } from "@/components/data-table/filter-bar";
import { PageHeader } from "@/components/layout/page-header";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import {
  CALL_DUE_FILTERS,
  followUpCallCounts,
  followUpCallListParamsSchema,
  listFollowUpCalls,
} from "@/lib/after-sales/follow-ups/queries";
import { FOLLOW_UP_KINDS, FOLLOW_UP_STATUSES } from "@/lib/after-sales/follow-ups/schemas";
import { storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { storeDisplayName } from "@/lib/stores/display";
import { listStoresInScope } from "@/lib/stores/queries";
import { CallsList } from "./calls-list";

export async function generateMetadata(): Promise<Metadata> {
  const tm = await getTranslations("afterSalesCalls.calls");
  return { title: tm("title") };
}

const STATUS_TABS = [...FOLLOW_UP_STATUSES, "all"] as const;

/** The page's URL with another status (open is the default, so it is left out), back on page 1. */
function statusHref(raw: Record<string, string | string[] | undefined>, status: string): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value === "string" && key !== "status" && key !== "page") query.set(key, value);
  }
  if (status !== "open") query.set("status", status);
  const search = query.toString();
  return search ? `/after-sales/calls?${search}` : "/after-sales/calls";
}

/**
 * The follow-up call list (回访, docs/domain.md#jewelry-after-sales) of the staff member's stores:
 * open calls by due date, the overdue first, each logged in a dialog. Names are masked and no phone
 * is shown: the member's 360° page reveals it, audited.
 */
export default async function FollowUpCallsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission("aftersales.calls");
  const raw = await searchParams;
  const params = followUpCallListParamsSchema.parse(raw);
  const db = getDb();
  const [{ rows, total }, counts, stores, locale] = await Promise.all([
    listFollowUpCalls(db, me, params),
    followUpCallCounts(db, me),
    listStoresInScope(db, storeScopeOf(me)),
    getLocale(),
  ]);
  const t = await getTranslations("afterSalesCalls");

  const filters: FilterDefinition[] = [
    {
      type: "select",
      name: "kind",
      label: t("calls.filterKind"),
      options: FOLLOW_UP_KINDS.map((kind) => ({ value: kind, label: t(`kinds.${kind}`) })),
    },
    {
      type: "select",
      name: "due",
      label: t("calls.filterDue"),
      options: CALL_DUE_FILTERS.map((due) => ({ value: due, label: t(`calls.dueFilters.${due}`) })),
    },
  ];
  if (stores.length > 1) {
    filters.unshift({
      type: "select",
      name: "store",
      label: t("calls.filterStore"),
      options: stores.map((store) => ({ value: store.id, label: storeDisplayName(store, locale) })),
    });
  }
  const filtered = Boolean(params.kind || params.due || params.store || params.status !== "open");

  return (
    <>
      <PageHeader
        title={t("calls.title")}
        description={t("calls.description")}
        actions={
          <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="call-counts">
            <Badge tone="neutral">{t("calls.countOpen", { count: counts.open })}</Badge>
            <Badge tone={counts.overdue > 0 ? "danger" : "neutral"}>
              {t("calls.countOverdue", { count: counts.overdue })}
            </Badge>
            <Badge tone={counts.dueToday > 0 ? "warning" : "neutral"}>
              {t("calls.countToday", { count: counts.dueToday })}
            </Badge>
          </div>
        }
      />
      <div className="space-y-4">
        {/* Status as links, not a select: the filter bar's "All" would read as the default, which is open calls. */}
        <nav className="flex flex-wrap gap-2" aria-label={t("calls.filterStatus")}>
          {STATUS_TABS.map((status) => (
            <Link
              key={status}
              href={statusHref(raw, status)}
              aria-current={params.status === status ? "page" : undefined}
              className={cn(
                "inline-flex min-h-10 items-center rounded-full px-3 text-sm ring-1 ring-inset",
                params.status === status
                  ? "bg-amber-50 font-medium text-amber-900 ring-amber-300"
                  : "bg-white text-stone-700 ring-stone-300 hover:bg-stone-50",
              )}
            >
              {t(`statuses.${status}`)}
            </Link>
          ))}
        </nav>
        <FilterBar filters={filters} />
        <CallsList
          rows={rows}
          total={total}
          page={params.page}
          pageSize={params.pageSize}
          empty={
            filtered
              ? { title: t("calls.emptyFilteredTitle"), body: t("calls.emptyFilteredBody") }
              : { title: t("calls.emptyTitle"), body: t("calls.emptyBody") }
          }
        />
      </div>
    </>
  );
}
