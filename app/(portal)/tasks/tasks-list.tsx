"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useState, type ReactNode } from "react";
import { Pager } from "@/components/data-table/pager";
import { useUrlParams } from "@/components/data-table/use-url-params";
import { EmptyState } from "@/components/layout/empty-state";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import type { TaskRow } from "@/lib/clienteling/tasks/queries";
import type {
  CareCallDetails,
  DormantCallbackDetails,
  ImportantDateDetails,
  VisitFollowUpDetails,
} from "@/lib/clienteling/tasks/schemas";
import { formatFen } from "@/lib/money";
import { storeDisplayName } from "@/lib/stores/display";
import { AssignTaskDialog, CompleteTaskDialog, SkipTaskDialog, type AssignableAdvisor } from "./task-dialogs";

type Group = "overdue" | "today" | "upcoming" | "closed";

function groupOf(row: TaskRow): Group {
  if (row.status !== "open") return "closed";
  if (row.overdue) return "overdue";
  return row.dueToday ? "today" : "upcoming";
}

/** A calendar day (yyyy-MM-dd) in the reader's locale, without a time-zone shift. */
function useDay() {
  const format = useFormatter();
  return {
    short: (day: string) =>
      format.dateTime(new Date(`${day}T00:00:00Z`), { month: "2-digit", day: "2-digit", timeZone: "UTC" }),
    medium: (day: string) => format.dateTime(new Date(`${day}T00:00:00Z`), { dateStyle: "medium", timeZone: "UTC" }),
  };
}

const text = (value: unknown): string | null => (typeof value === "string" && value ? value : null);

/** What the task is about, in words: "Purchase ¥12,800.00 on 11/20: 足金手镯", and for a care call the question to ask. */
function useAbout() {
  const t = useTranslations("clienteling");
  const locale = useLocale();
  const day = useDay();
  return (row: TaskRow): { about: ReactNode; question?: ReactNode } => {
    const details = row.details;
    switch (row.kind) {
      case "care_call": {
        const d = details as Partial<CareCallDetails>;
        const amount = formatFen(typeof d.amountFen === "number" ? d.amountFen : 0, locale);
        const date = text(d.purchasedOn) ? day.short(d.purchasedOn!) : "—";
        const items = Array.isArray(d.items) ? d.items.filter((i) => typeof i === "string").join("、") : "";
        return {
          about: items ? t("about.careCall", { amount, date, items }) : t("about.careCallNoItems", { amount, date }),
          question: t("about.careCallQuestion"),
        };
      }
      case "visit_follow_up": {
        const d = details as Partial<VisitFollowUpDetails>;
        return { about: t("about.visitFollowUp", { date: text(d.visitedOn) ? day.short(d.visitedOn!) : "—" }) };
      }
      case "important_date": {
        const d = details as Partial<ImportantDateDetails>;
        const kind =
          d.dateKind && t.has(`dateKinds.${d.dateKind}`) ? t(`dateKinds.${d.dateKind}`) : t("dateKinds.other");
        const label = text(d.label) ? `${kind} · ${d.label}` : kind;
        return { about: t("about.importantDate", { label, date: text(d.occursOn) ? day.medium(d.occursOn!) : "—" }) };
      }
      case "dormant_callback": {
        const d = details as Partial<DormantCallbackDetails>;
        return {
          about: t("about.dormantCallback", { date: text(d.lastPurchaseOn) ? day.medium(d.lastPurchaseOn!) : "—" }),
          question: t("about.dormantQuestion"),
        };
      }
      default:
        return { about: t("about.waitlistOffer") };
    }
  };
}

/**
 * The task list as cards (tablet friendly: whole-width rows, large buttons), grouped by due:
 * overdue, today, upcoming, then closed ones when the status filter shows them. Sorting and paging
 * are the server's; the groups follow the page's order.
 */
export function TasksList({
  rows,
  total,
  page,
  pageSize,
  showAssignee,
  canAssign,
  advisors,
  empty,
}: {
  rows: TaskRow[];
  total: number;
  page: number;
  pageSize: number;
  /** The store view: who each task belongs to. */
  showAssignee: boolean;
  canAssign: boolean;
  /** Advisors the manager may assign to, with the stores they work at (`allStores`: every one). */
  advisors: (AssignableAdvisor & { allStores: boolean; storeIds: string[] })[];
  empty: { title: string; body: string };
}) {
  const t = useTranslations("clienteling");
  const locale = useLocale();
  const day = useDay();
  const about = useAbout();
  const router = useRouter();
  const { pending } = useUrlParams();
  const [notice, setNotice] = useState<string>();
  const onDone = (message: string) => {
    setNotice(message);
    router.refresh();
  };

  const groups: { group: Group; rows: TaskRow[] }[] = [];
  for (const row of rows) {
    const group = groupOf(row);
    const last = groups[groups.length - 1];
    if (last?.group === group) last.rows.push(row);
    else groups.push({ group, rows: [row] });
  }

  return (
    <div className={cn("space-y-4 transition-opacity", pending && "opacity-60")} aria-busy={pending}>
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      {rows.length === 0 ? (
        <EmptyState title={empty.title} body={empty.body} />
      ) : (
        groups.map(({ group, rows: groupRows }, index) => (
          <section key={`${group}-${index}`} aria-label={t(`tasks.groups.${group}`)} className="space-y-2">
            <h2
              className={cn(
                "text-sm font-semibold",
                group === "overdue" ? "text-red-700" : group === "today" ? "text-amber-800" : "text-stone-700",
              )}
            >
              {t(`tasks.groups.${group}`)}
            </h2>
            <ul className="space-y-2" data-testid={`tasks-${group}`}>
              {groupRows.map((row) => {
                const { about: aboutText, question } = about(row);
                const dialogTask = {
                  id: row.id,
                  memberName: row.memberName,
                  memberStage: row.memberStage,
                  about: aboutText,
                  question,
                  assigneeId: row.assigneeId,
                };
                const storeAdvisors = advisors.filter((a) => a.allStores || a.storeIds.includes(row.storeId));
                return (
                  <li
                    key={row.id}
                    className={cn(
                      "rounded-lg bg-white p-4 shadow-sm ring-1",
                      row.overdue ? "ring-red-200" : row.dueToday ? "ring-amber-200" : "ring-stone-200",
                    )}
                  >
                    <div className="flex flex-wrap items-start justify-between gap-3">
                      <div className="min-w-0 flex-1 space-y-1">
                        <div className="flex flex-wrap items-center gap-2">
                          <Badge tone="info">{t(`kinds.${row.kind}`)}</Badge>
                          <Link
                            href={`/members/${row.memberId}`}
                            className="font-medium text-amber-800 hover:underline"
                          >
                            {row.memberName}
                          </Link>
                          {row.memberErased ? <Badge tone="danger">{t("tasks.memberErased")}</Badge> : null}
                          <span className={cn("text-sm", row.overdue ? "font-medium text-red-700" : "text-stone-600")}>
                            {row.overdue
                              ? t("tasks.overdueSince", { date: day.medium(row.dueOn) })
                              : t("tasks.dueOn", { date: day.medium(row.dueOn) })}
                          </span>
                        </div>
                        <p className="text-sm text-stone-800">{aboutText}</p>
                        {question && row.status === "open" ? (
                          <p className="text-sm font-medium text-amber-800">{question}</p>
                        ) : null}
                        <p className="text-xs text-stone-500">
                          {storeDisplayName({ name: row.storeName, nameEn: row.storeNameEn }, locale)}
                          {showAssignee ? ` · ${row.assigneeName ?? t("tasks.unassigned")}` : null}
                        </p>
                        {row.status !== "open" ? (
                          <p className="text-xs text-stone-600">
                            {row.status === "done"
                              ? t("tasks.doneBy", {
                                  name: row.closedByName ?? "—",
                                  channel: row.contactChannel ? t(`channels.${row.contactChannel}`) : "—",
                                  outcome: row.contactOutcome ? t(`outcomes.${row.contactOutcome}`) : "—",
                                })
                              : t("tasks.skippedBy", { name: row.closedByName ?? "—", reason: row.skipReason ?? "" })}
                          </p>
                        ) : null}
                      </div>
                      {row.status === "open" ? (
                        <div className="flex flex-wrap gap-2">
                          {!row.memberErased ? <CompleteTaskDialog task={dialogTask} onDone={onDone} /> : null}
                          <SkipTaskDialog task={dialogTask} onDone={onDone} />
                          {canAssign ? (
                            <AssignTaskDialog task={dialogTask} advisors={storeAdvisors} onDone={onDone} />
                          ) : null}
                        </div>
                      ) : null}
                    </div>
                  </li>
                );
              })}
            </ul>
          </section>
        ))
      )}
      <Pager page={page} pageSize={pageSize} total={total} />
    </div>
  );
}
