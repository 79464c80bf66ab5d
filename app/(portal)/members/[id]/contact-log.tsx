"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { useForm } from "react-hook-form";
import { useUrlParams } from "@/components/data-table/use-url-params";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { logContactAction } from "@/lib/clienteling/contacts/actions";
import type { MemberContactsPage } from "@/lib/clienteling/contacts/queries";
import { logContactSchema, type LogContactInput } from "@/lib/clienteling/contacts/schemas";
import { storeDisplayName } from "@/lib/stores/display";
import { ContactFields, contactValuesToSend } from "../../tasks/contact-fields";
import { Empty } from "./section-helpers";

/**
 * The 360° view's contact log: every call, message and visit logged with the client (from a task
 * or here), newest first, a page at a time (`?contactsPage=`), and a "Log contact" dialog for staff
 * who may write to the member. The page loads `contacts` with listMemberContacts
 * (lib/clienteling/contacts/queries.ts) and passes `canLog` = members.write and not erased.
 */
export function ContactLog({
  memberId,
  lifecycleStage,
  contacts,
  canLog,
  className,
  bodyClassName,
}: {
  memberId: string;
  /** The member's lifecycle stage: for a dormant or lost client the form asks the reason they gave. */
  lifecycleStage: string;
  contacts: MemberContactsPage;
  canLog: boolean;
  className?: string;
  /** The card body's height, fixed on the 360° view so that nothing moves when the log streams in. */
  bodyClassName?: string;
}) {
  const t = useTranslations("clienteling");
  const tTable = useTranslations("table");
  const format = useFormatter();
  const locale = useLocale();
  const { setParams, pending } = useUrlParams();
  const [notice, setNotice] = useState<string>();
  const { rows, total, page, pageSize } = contacts;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));

  return (
    <Card
      title={t("contactLog.title")}
      className={className}
      bodyClassName={bodyClassName}
      actions={
        canLog ? <LogContactDialog memberId={memberId} lifecycleStage={lifecycleStage} onDone={setNotice} /> : null
      }
    >
      <div className="space-y-3" aria-busy={pending}>
        {notice ? <Alert tone="success">{notice}</Alert> : null}
        {rows.length === 0 ? (
          <Empty>{t("contactLog.empty")}</Empty>
        ) : (
          <ol className="space-y-3" data-testid="contact-log">
            {rows.map((contact) => (
              <li key={contact.id} className="border-l-2 border-amber-200 pl-3">
                <div className="flex flex-wrap items-center gap-2 text-xs text-stone-500">
                  <span>
                    {format.dateTime(new Date(contact.occurredAt), {
                      dateStyle: "medium",
                      timeStyle: "short",
                      timeZone: contact.timeZone,
                    })}
                  </span>
                  <span>·</span>
                  <span>{contact.staffName}</span>
                  <span>·</span>
                  <span>{storeDisplayName({ name: contact.storeName, nameEn: contact.storeNameEn }, locale)}</span>
                </div>
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
            <Button
              variant="secondary"
              size="sm"
              disabled={page <= 1}
              onClick={() => setParams({ contactsPage: page - 1 }, { resetPage: false })}
            >
              {tTable("previous")}
            </Button>
            <span>{tTable("pageOf", { page, pageCount })}</span>
            <Button
              variant="secondary"
              size="sm"
              disabled={page >= pageCount}
              onClick={() => setParams({ contactsPage: page + 1 }, { resetPage: false })}
            >
              {tTable("next")}
            </Button>
          </nav>
        ) : null}
      </div>
    </Card>
  );
}

function LogContactDialog({
  memberId,
  lifecycleStage,
  onDone,
}: {
  memberId: string;
  lifecycleStage: string;
  onDone: (message: string) => void;
}) {
  const t = useTranslations("clienteling");
  const tCommon = useTranslations("common");
  const router = useRouter();
  const ref = useRef<HTMLDialogElement>(null);
  // The form is rendered only while the dialog is open (not with every view of the member).
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();
  const defaults: LogContactInput = {
    memberId,
    channel: "" as LogContactInput["channel"],
    outcome: "" as LogContactInput["outcome"],
    note: "",
    lostReason: "",
  };
  const form = useForm<LogContactInput>({
    resolver: zodResolver(logContactSchema, { error: useZodErrorMap() }),
    defaultValues: defaults,
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) =>
    form.handleSubmit(async (values) => {
      setError(undefined);
      const result = await logContactAction(contactValuesToSend(values, lifecycleStage));
      if (!result.ok) return setError(applyServerErrors(result, form.setError));
      ref.current?.close();
      onDone(t("contactLog.loggedNotice"));
      router.refresh();
    })(event);

  return (
    <>
      <Button
        size="sm"
        onClick={() => {
          setOpen(true);
          ref.current?.showModal();
        }}
      >
        {t("contactLog.log")}
      </Button>
      <dialog
        ref={ref}
        aria-labelledby="log-contact-title"
        className="m-auto w-full max-w-lg rounded-lg p-0 shadow-xl backdrop:bg-stone-900/40"
        onClose={() => {
          setOpen(false);
          setError(undefined);
          form.reset(defaults);
        }}
      >
        {open ? (
          <form onSubmit={onSubmit} noValidate>
            <div className="space-y-3 p-5">
              <h2 id="log-contact-title" className="text-base font-semibold text-stone-900">
                {t("contactLog.logTitle")}
              </h2>
              {error ? <Alert tone="error">{error}</Alert> : null}
              <ContactFields form={form} idPrefix="log-contact" lifecycleStage={lifecycleStage} />
            </div>
            <div className="flex justify-end gap-2 border-t border-stone-200 bg-stone-50 px-5 py-3">
              <Button variant="secondary" onClick={() => ref.current?.close()} disabled={form.formState.isSubmitting}>
                {tCommon("cancel")}
              </Button>
              <Button type="submit" pending={form.formState.isSubmitting}>
                {t("contactLog.logSubmit")}
              </Button>
            </div>
          </form>
        ) : null}
      </dialog>
    </>
  );
}
