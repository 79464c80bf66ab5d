import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { requirePermission } from "@/lib/auth/session";
import { listMyNotifications } from "@/lib/complaints/escalation/queries";
import { MarkReadButton } from "./mark-read-button";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("complaints");
  return { title: t("notifications.title") };
}

/** My portal notifications (escalated complaints), newest first, each marked read on its own or all at once. */
export default async function ComplaintNotificationsPage() {
  const me = await requirePermission("complaints.read");
  const [rows, t, format] = await Promise.all([
    listMyNotifications(getDb(), me.id),
    getTranslations("complaints"),
    getFormatter(),
  ]);
  const unread = rows.filter((row) => !row.readAt).length;
  // A notification's message key is stored whole ("complaints.notifications.breached.response").
  const message = (key: string, params: Record<string, string | number>) => {
    const local = key.replace(/^complaints\./, "");
    return t.has(local) ? t(local, params) : key;
  };
  return (
    <>
      <PageHeader
        title={t("notifications.title")}
        description={t("notifications.description")}
        actions={unread > 0 ? <MarkReadButton label={t("notifications.markAllRead")} /> : null}
      />
      {rows.length === 0 ? (
        <EmptyState title={t("notifications.emptyTitle")} body={t("notifications.emptyBody")} />
      ) : (
        <ul className="divide-y divide-stone-200 rounded-lg bg-white shadow-sm ring-1 ring-stone-200">
          {rows.map((row) => (
            <li key={row.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
              <div className="min-w-0">
                <p className={row.readAt ? "text-stone-600" : "font-medium text-stone-900"}>
                  {row.href ? (
                    <Link href={row.href} className="hover:underline">
                      {message(row.messageKey, row.params)}
                    </Link>
                  ) : (
                    message(row.messageKey, row.params)
                  )}
                </p>
                <p className="text-xs text-stone-500">
                  {format.dateTime(row.createdAt, { dateStyle: "medium", timeStyle: "short" })}
                </p>
              </div>
              {row.readAt ? null : <MarkReadButton notificationId={row.id} label={t("notifications.markRead")} />}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
