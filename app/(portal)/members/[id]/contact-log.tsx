import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import type { MemberContactsPage } from "@/lib/clienteling/contacts/queries";
import { storeDisplayName } from "@/lib/stores/display";
import { LogContactDialog } from "./member-dialogs";

/**
 * The 360° view's contact log: every call, message and visit logged with the client (from a task
 * or here), newest first, a page at a time (`?contactsPage=`), and a "Log contact" dialog for staff
 * who may write to the member. A server component: its words and the log's labels never travel;
 * the dialog's form loads with its own when it opens. The page loads `contacts` with
 * listMemberContacts (lib/clienteling/contacts/queries.ts) and passes `canLog` = members.write and
 * not erased.
 */
export async function ContactLog({
  memberId,
  lifecycleStage,
  contacts,
  canLog,
  hrefFor,
  className,
  bodyClassName,
}: {
  memberId: string;
  /** The member's lifecycle stage: for a dormant or lost client the form asks the reason they gave. */
  lifecycleStage: string;
  contacts: MemberContactsPage;
  canLog: boolean;
  /** This page with the log at another page (the page's other parameters kept). */
  hrefFor: (page: number) => string;
  className?: string;
  /** The card body's height, fixed on the 360° view so that nothing moves when the log streams in. */
  bodyClassName?: string;
}) {
  const [t, tTable, format, locale] = await Promise.all([
    getTranslations("clienteling"),
    getTranslations("table"),
    getFormatter(),
    getLocale(),
  ]);
  const { rows, total, page, pageSize } = contacts;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const pageLink = (to: number, label: string, enabled: boolean) =>
    enabled ? (
      <Link href={hrefFor(to)} scroll={false} className={buttonClasses("secondary", "sm")}>
        {label}
      </Link>
    ) : (
      <span className={cn(buttonClasses("secondary", "sm"), "opacity-50")} aria-disabled>
        {label}
      </span>
    );

  return (
    <Card
      title={t("contactLog.title")}
      className={className}
      bodyClassName={bodyClassName}
      actions={
        canLog ? (
          <LogContactDialog
            memberId={memberId}
            lifecycleStage={lifecycleStage}
            trigger={t("contactLog.log")}
            title={t("contactLog.logTitle")}
          />
        ) : null
      }
    >
      <div className="space-y-3">
        {rows.length === 0 ? (
          <p className="py-2 text-sm text-stone-500">{t("contactLog.empty")}</p>
        ) : (
          <ol className="space-y-3" data-testid="contact-log">
            {rows.map((contact) => (
              <li key={contact.id} className="border-l-2 border-amber-200 pl-3">
                <p className="text-xs text-stone-500">
                  {format.dateTime(new Date(contact.occurredAt), {
                    dateStyle: "medium",
                    timeStyle: "short",
                    timeZone: contact.timeZone,
                  })}
                  {" · "}
                  {contact.staffName}
                  {" · "}
                  {storeDisplayName({ name: contact.storeName, nameEn: contact.storeNameEn }, locale)}
                </p>
                <div className="mt-1 flex flex-wrap items-center gap-1.5">
                  <Badge>{t(`channels.${contact.channel}`)}</Badge>
                  <Badge
                    tone={
                      contact.outcome === "reached" ? "success" : contact.outcome === "declined" ? "danger" : "neutral"
                    }
                  >
                    {t(`outcomes.${contact.outcome}`)}
                  </Badge>
                  {contact.taskKind ? (
                    <Badge tone="info">{t("contactLog.fromTask", { kind: t(`kinds.${contact.taskKind}`) })}</Badge>
                  ) : null}
                </div>
                {contact.note ? (
                  <p className="mt-1 text-sm whitespace-pre-wrap text-stone-800">{contact.note}</p>
                ) : null}
                {contact.lostReason ? (
                  <p className="mt-1 text-sm text-stone-700">
                    <span className="text-stone-500">{t("contact.lostReason")}: </span>
                    {contact.lostReason}
                  </p>
                ) : null}
              </li>
            ))}
          </ol>
        )}
        {pageCount > 1 ? (
          <nav
            className="flex items-center justify-between gap-2 text-sm text-stone-600"
            aria-label={tTable("pagination")}
          >
            {pageLink(page - 1, tTable("previous"), page > 1)}
            <span>{tTable("pageOf", { page, pageCount })}</span>
            {pageLink(page + 1, tTable("next"), page < pageCount)}
          </nav>
        ) : null}
      </div>
    </Card>
  );
}
