"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, type ReactNode } from "react";
import { Field } from "@/components/form/field";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { controlClasses } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions/result";
import { unlockClaimAction } from "@/lib/after-sales/pickup/actions";
import { UNLOCK_NOTE_MAX } from "@/lib/after-sales/pickup/schemas";
import { addTicketNoteAction, changeTicketStatusAction } from "@/lib/after-sales/tickets/actions";
import { CANCEL_REASON_MAX, TICKET_NOTE_MAX } from "@/lib/after-sales/tickets/schemas";
import type { ServiceTicketStatus } from "@/lib/after-sales/tickets/transitions";
import { ActionDialog } from "../../../../appointments/[id]/action-dialog";

/**
 * One dialog per change: an optional or required text, the action it calls, the server's field
 * error under the text (a key of the `validation` catalogue, which Field translates) and a pending
 * state against double submits. The server validates with the same zod schemas and the workflow.
 */
function ChangeDialog({
  id,
  trigger,
  title,
  body,
  submitLabel,
  field,
  variant = "secondary",
  submitVariant = "primary",
  run,
  onDone,
}: {
  id: string;
  trigger: ReactNode;
  title: ReactNode;
  body?: ReactNode;
  submitLabel: ReactNode;
  field: { name: string; label: string; max: number; rows?: number };
  variant?: "primary" | "secondary" | "danger";
  submitVariant?: "primary" | "danger";
  run: (text: string) => Promise<ActionResult<unknown>>;
  onDone: () => void;
}) {
  const t = useTranslations("afterSalesTickets");
  const router = useRouter();
  const [text, setText] = useState("");
  const [fieldError, setFieldError] = useState<string>();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  return (
    <ActionDialog
      id={id}
      trigger={trigger}
      triggerVariant={variant}
      title={title}
      submitLabel={submitLabel}
      submitVariant={submitVariant}
      cancelLabel={t("actions.back")}
      pending={pending}
      onOpen={() => {
        setText("");
        setFieldError(undefined);
        setError(undefined);
      }}
      onSubmit={async (close) => {
        if (pending) return;
        setPending(true);
        try {
          const result = await run(text);
          if (!result.ok) {
            const fields = result.fieldErrors ?? {};
            setFieldError(fields[field.name]?.[0]);
            setError(fields[field.name] ? undefined : result.message);
            // Someone else moved the ticket meanwhile: show where it stands now.
            if (result.code === "conflict") router.refresh();
            return;
          }
          close();
          onDone();
        } finally {
          setPending(false);
        }
      }}
    >
      {body ? <p className="text-sm text-stone-600">{body}</p> : null}
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Field id={`${id}-${field.name}`} label={field.label} error={fieldError}>
        <textarea
          id={`${id}-${field.name}`}
          rows={field.rows ?? 3}
          maxLength={field.max}
          className={controlClasses}
          value={text}
          aria-invalid={fieldError ? true : undefined}
          onChange={(e) => setText(e.target.value)}
        />
      </Field>
    </ActionDialog>
  );
}

export function TicketActions({
  ticketId,
  steps,
  canCancel,
  canNote,
  claimLocked,
  canUnlock,
}: {
  ticketId: string;
  /** The forward steps the workflow allows from here (nextStatuses without pickup and cancel). */
  steps: readonly ServiceTicketStatus[];
  canCancel: boolean;
  canNote: boolean;
  claimLocked: boolean;
  canUnlock: boolean;
}) {
  const t = useTranslations("afterSalesTickets");
  const router = useRouter();
  const [notice, setNotice] = useState<string>();
  const done = (text: string) => () => {
    setNotice(text);
    router.refresh();
  };
  if (steps.length === 0 && !canCancel && !canNote && !canUnlock) return null;

  return (
    <Card title={t("actions.title")}>
      {notice ? (
        <div className="mb-3">
          <Alert tone="success">{notice}</Alert>
        </div>
      ) : null}
      <div className="flex flex-wrap gap-2">
        {steps.map((to, index) => (
          <ChangeDialog
            key={to}
            id={`ticket-step-${to}`}
            trigger={t(`actions.to.${to}`)}
            title={t(`actions.to.${to}`)}
            body={to === "ready_for_pickup" ? t("actions.readyHint") : undefined}
            submitLabel={t("actions.confirm")}
            variant={index === 0 ? "primary" : "secondary"}
            field={{ name: "note", label: t("actions.noteOptional"), max: CANCEL_REASON_MAX }}
            run={(note) => changeTicketStatusAction({ ticketId, to, note })}
            onDone={done(t("actions.done", { status: t(`statuses.${to}`) }))}
          />
        ))}
        {canNote ? (
          <ChangeDialog
            id="ticket-note"
            trigger={t("actions.addNote")}
            title={t("actions.addNote")}
            submitLabel={t("actions.save")}
            field={{ name: "body", label: t("actions.note"), max: TICKET_NOTE_MAX, rows: 4 }}
            run={(body) => addTicketNoteAction({ ticketId, body })}
            onDone={done(t("actions.noteSaved"))}
          />
        ) : null}
        {canUnlock ? (
          <ChangeDialog
            id="ticket-unlock"
            trigger={t("actions.unlock")}
            title={t("actions.unlock")}
            body={t("actions.unlockHint")}
            submitLabel={t("actions.unlock")}
            field={{ name: "note", label: t("actions.unlockNote"), max: UNLOCK_NOTE_MAX }}
            run={(note) => unlockClaimAction({ ticketId, note })}
            onDone={done(t("actions.unlocked"))}
          />
        ) : null}
        {canCancel ? (
          <ChangeDialog
            id="ticket-cancel"
            trigger={t("actions.cancel")}
            title={t("actions.cancelTitle")}
            body={t("actions.cancelConfirm")}
            submitLabel={t("actions.cancel")}
            variant="danger"
            submitVariant="danger"
            field={{ name: "reason", label: t("actions.cancelReason"), max: CANCEL_REASON_MAX }}
            run={(reason) => changeTicketStatusAction({ ticketId, to: "cancelled", reason })}
            onDone={done(t("actions.done", { status: t("statuses.cancelled") }))}
          />
        ) : null}
      </div>
      {claimLocked && !canUnlock ? <p className="mt-3 text-xs text-red-800">{t("actions.lockedAskManager")}</p> : null}
    </Card>
  );
}
