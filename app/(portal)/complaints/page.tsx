import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { buttonClasses } from "@/components/ui/button";
import { can, storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { complaintHandlers, complaintListParamsSchema, listComplaints } from "@/lib/complaints/cases/queries";
import { unreadNotificationCount } from "@/lib/complaints/escalation/queries";
import { storeDisplayName } from "@/lib/stores/display";
import { listStoresInScope } from "@/lib/stores/queries";
import { ComplaintsTable } from "./_components/complaints-table";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("complaints");
  return { title: t("title") };
}

export default async function ComplaintsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission("complaints.read");
  const params = complaintListParamsSchema.parse(await searchParams);
  const db = getDb();
  const [{ rows, total }, stores, unread, t, locale] = await Promise.all([
    listComplaints(db, me, params),
    listStoresInScope(db, storeScopeOf(me)),
    unreadNotificationCount(db, me.id),
    getTranslations("complaints"),
    getLocale(),
  ]);
  const tFollowUp = await getTranslations("complaintFollowUp");
  // The assignee filter offers the handlers of the filtered store, or of the only store.
  const assigneeStore = params.store ?? (stores.length === 1 ? stores[0]!.id : null);
  const handlers = assigneeStore ? await complaintHandlers(db, assigneeStore) : [];
  const canHandle = can(me, "complaints.handle");
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("queueDescription")}
        actions={
          <>
            <Link href="/complaints/notifications" className={buttonClasses("secondary")}>
              {t("notifications.link", { count: unread })}
            </Link>
            <Link href="/complaints/inquiries" className={buttonClasses("ghost")}>
              {tFollowUp("inquiries.link")}
            </Link>
            {can(me, "complaints.compensate.approve") ? (
              <Link href="/complaints/approvals" className={buttonClasses("ghost")}>
                {t("approvalsLink")}
              </Link>
            ) : null}
            {can(me, "complaints.budget") ? (
              <>
                <Link href="/complaints/budgets" className={buttonClasses("ghost")}>
                  {t("budgetsLink")}
                </Link>
                <Link href="/complaints/sla-policy" className={buttonClasses("ghost")}>
                  {t("slaPolicyLink")}
                </Link>
                <Link href="/complaints/report" className={buttonClasses("ghost")}>
                  {tFollowUp("report.link")}
                </Link>
              </>
            ) : null}
            {canHandle ? (
              <Link href="/complaints/new" className={buttonClasses("primary")}>
                {t("create")}
              </Link>
            ) : null}
          </>
        }
      />
      <ComplaintsTable
        rows={rows}
        total={total}
        params={params}
        stores={stores.map((store) => ({ id: store.id, label: storeDisplayName(store, locale) }))}
        assignees={handlers.map((h) => ({ id: h.id, label: h.displayName }))}
        canHandle={canHandle}
      />
    </>
  );
}
