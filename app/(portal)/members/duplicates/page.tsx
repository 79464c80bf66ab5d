import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { requirePermission } from "@/lib/auth/session";
import {
  DUPLICATE_RULES,
  duplicateListParamsSchema,
  listDuplicateGroups,
  type DuplicateListParams,
} from "@/lib/members/duplicates/queries";
import { MergeGroup } from "./merge-group";
import { RuleFilter } from "./rule-filter";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("memberPrivacy.duplicates");
  return { title: t("title") };
}

function pageHref(params: DuplicateListParams, page: number) {
  const query = new URLSearchParams();
  if (params.rule) query.set("rule", params.rule);
  if (params.pageSize !== 10) query.set("pageSize", String(params.pageSize));
  if (page > 1) query.set("page", String(page));
  const text = query.toString();
  return text ? `/members/duplicates?${text}` : "/members/duplicates";
}

/** Likely duplicates in the staff member's stores, group by group, each with its merge. */
export default async function DuplicatesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission("members.merge");
  const raw = await searchParams;
  const params = duplicateListParamsSchema.parse(raw);
  const justMerged = typeof raw.merged === "string" && /^\d{1,2}$/.test(raw.merged) ? Number(raw.merged) : undefined;
  const [{ groups, total }, t] = await Promise.all([
    listDuplicateGroups(getDb(), me, params),
    getTranslations("memberPrivacy.duplicates"),
  ]);
  const pageCount = Math.max(1, Math.ceil(total / params.pageSize));

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <div className="space-y-4">
        {justMerged ? <Alert tone="success">{t("merged", { count: justMerged })}</Alert> : null}
        <RuleFilter rules={[...DUPLICATE_RULES]} />
        {groups.length === 0 ? (
          <EmptyState title={t("emptyTitle")} body={t("emptyBody")} />
        ) : (
          groups.map((group) => (
            <MergeGroup key={`${group.rule}:${group.members.map((m) => m.id).join(",")}`} group={group} />
          ))
        )}
        <nav
          className="flex flex-wrap items-center justify-between gap-3 text-sm text-stone-600"
          aria-label={t("pagination")}
        >
          <p>{t("groupCount", { total })}</p>
          {pageCount > 1 ? (
            <div className="flex items-center gap-2">
              {params.page > 1 ? (
                <Link href={pageHref(params, params.page - 1)} className={buttonClasses("secondary", "sm")}>
                  {t("previous")}
                </Link>
              ) : null}
              <span>{t("pageOf", { page: params.page, pageCount })}</span>
              {params.page < pageCount ? (
                <Link href={pageHref(params, params.page + 1)} className={buttonClasses("secondary", "sm")}>
                  {t("next")}
                </Link>
              ) : null}
            </div>
          ) : null}
        </nav>
      </div>
    </>
  );
}
