import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { FilterBar, type FilterDefinition } from "@/components/data-table/filter-bar";
import { PageHeader } from "@/components/layout/page-header";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import {
  isTaskManager,
  listTasks,
  TASK_DUE_FILTERS,
  TASK_STATUS_FILTERS,
  taskCounts,
  taskListParamsSchema,
  type TaskView,
} from "@/lib/clienteling/tasks/queries";
import { TASK_KINDS } from "@/lib/clienteling/tasks/schemas";
import { listAdvisorsInScope } from "@/lib/members/queries";
import { storeDisplayName } from "@/lib/stores/display";
import { listStoresInScope } from "@/lib/stores/queries";
import { TasksList } from "./tasks-list";

/** The page's URL with another status filter (open is the default, so it is left out), back on page 1. */
function statusHref(raw: Record<string, string | string[] | undefined>, status: string): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value === "string" && key !== "status" && key !== "page") query.set(key, value);
  }
  if (status !== "open") query.set("status", status);
  const search = query.toString();
  return search ? `/tasks?${search}` : "/tasks";
}

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("clienteling");
  return { title: t("tasks.title") };
}

/**
 * An advisor's task list (care calls, visit follow-ups, important dates, dormant call-backs), and
 * for a manager the store's, where unassigned tasks are handed out. docs/domain.md#tasks-and-the-contact-log
 */
export default async function TasksPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission("clienteling.tasks");
  const raw = await searchParams;
  const params = taskListParamsSchema.parse(raw);
  const manager = isTaskManager(me);
  const db = getDb();
  const [{ rows, total, view }, counts, advisors, stores, locale] = await Promise.all([
    listTasks(db, me, params),
    taskCounts(db, me),
    manager ? listAdvisorsInScope(db, me) : Promise.resolve([]),
    manager ? listStoresInScope(db, storeScopeOf(me), { activeOnly: true }) : Promise.resolve([]),
    getLocale(),
  ]);
  const t = await getTranslations("clienteling");

  const filters: FilterDefinition[] = [
    {
      type: "select",
      name: "kind",
      label: t("tasks.filterKind"),
      options: TASK_KINDS.map((kind) => ({ value: kind, label: t(`kinds.${kind}`) })),
    },
    {
      type: "select",
      name: "due",
      label: t("tasks.filterDue"),
      options: TASK_DUE_FILTERS.map((due) => ({ value: due, label: t(`tasks.dueFilters.${due}`) })),
    },
    { type: "date", name: "dueFrom", label: t("tasks.filterDueFrom") },
    { type: "date", name: "dueTo", label: t("tasks.filterDueTo") },
  ];
  if (view === "store") {
    filters.unshift({
      type: "select",
      name: "assignee",
      label: t("tasks.filterAssignee"),
      options: [
        { value: "unassigned", label: t("tasks.unassigned") },
        ...advisors.map((advisor) => ({ value: advisor.id, label: advisor.displayName })),
      ],
    });
    if (stores.length > 1) {
      filters.unshift({
        type: "select",
        name: "store",
        label: t("tasks.filterStore"),
        options: stores.map((store) => ({ value: store.id, label: storeDisplayName(store, locale) })),
      });
    }
  }

  const tabs: { view: TaskView; label: string }[] = [{ view: "mine", label: t("tasks.viewMine") }];
  if (manager) tabs.push({ view: "store", label: t("tasks.viewStore") });
  const filtered = Boolean(
    params.kind ||
    params.due ||
    params.dueFrom ||
    params.dueTo ||
    params.assignee ||
    params.store ||
    params.status !== "open",
  );

  return (
    <>
      <PageHeader
        title={t("tasks.title")}
        description={t("tasks.description")}
        actions={
          <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="task-counts">
            <Badge tone="neutral">{t("tasks.countOpen", { count: counts.open })}</Badge>
            <Badge tone={counts.overdue > 0 ? "danger" : "neutral"}>
              {t("tasks.countOverdue", { count: counts.overdue })}
            </Badge>
            <Badge tone={counts.dueToday > 0 ? "warning" : "neutral"}>
              {t("tasks.countToday", { count: counts.dueToday })}
            </Badge>
            {counts.unassigned !== null ? (
              <Badge tone={counts.unassigned > 0 ? "info" : "neutral"}>
                {t("tasks.countUnassigned", { count: counts.unassigned })}
              </Badge>
            ) : null}
          </div>
        }
      />
      {tabs.length > 1 ? (
        <nav className="mb-4 flex gap-1 border-b border-stone-200" aria-label={t("tasks.views")}>
          {tabs.map((tab) => (
            <Link
              key={tab.view}
              href={tab.view === "mine" ? "/tasks" : `/tasks?view=${tab.view}`}
              aria-current={view === tab.view ? "page" : undefined}
              className={cn(
                "-mb-px min-h-10 border-b-2 px-3 py-2 text-sm font-medium",
                view === tab.view
                  ? "border-amber-700 text-amber-800"
                  : "border-transparent text-stone-600 hover:text-stone-900",
              )}
            >
              {tab.label}
            </Link>
          ))}
        </nav>
      ) : null}
      <div className="space-y-4">
        {/* Status as links, not a select: the filter bar's "All" would read as the default, which is open tasks. */}
        <nav className="flex flex-wrap gap-2" aria-label={t("tasks.filterStatus")}>
          {TASK_STATUS_FILTERS.map((status) => (
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
        <TasksList
          rows={rows}
          total={total}
          page={params.page}
          pageSize={params.pageSize}
          showAssignee={view === "store"}
          canAssign={manager}
          advisors={manager ? advisors : []}
          empty={
            filtered
              ? { title: t("tasks.emptyFilteredTitle"), body: t("tasks.emptyFilteredBody") }
              : {
                  title: t("tasks.emptyTitle"),
                  body: view === "store" ? t("tasks.emptyStoreBody") : t("tasks.emptyBody"),
                }
          }
        />
      </div>
    </>
  );
}
