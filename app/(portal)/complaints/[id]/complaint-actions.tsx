"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, type ReactNode } from "react";
import { Field } from "@/components/form/field";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { controlClasses, Select } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions/result";
import {
  addComplaintNoteAction,
  assignComplaintAction,
  changeComplaintStatusAction,
  logContactAttemptAction,
  pauseComplaintAction,
  reopenComplaintAction,
  resolveComplaintAction,
  resumeComplaintAction,
} from "@/lib/complaints/cases/actions";
import {
  CONTACT_CHANNELS,
  CONTACT_OUTCOMES,
  NOTE_MAX,
  REASON_MAX,
  type ComplaintTransition,
  type ContactChannel,
  type ContactOutcome,
} from "@/lib/complaints/cases/schemas";
import { ActionDialog } from "../../appointments/[id]/action-dialog";

type FieldSpec =
  | { name: string; kind: "text"; label: string; max: number; rows?: number }
  | { name: string; kind: "select"; label: string; options: { value: string; label: string }[] };

/**
 * One dialog per change: its fields, the action it calls, the server's field errors next to the
 * fields (translated from the complaints.validation catalogue) and a pending state against double
 * submits. The server validates with the same zod schemas.
 */
function ChangeDialog({
  id,
  trigger,
  title,
  submitLabel,
  fields,
  variant = "secondary",
  run,
  onDone,
}: {
  id: string;
  trigger: ReactNode;
  title: ReactNode;
  submitLabel: ReactNode;
  fields: FieldSpec[];
  variant?: "primary" | "secondary" | "danger";
  run: (value: (name: string) => string) => Promise<ActionResult<unknown>>;
  onDone: () => void;
}) {
  const t = useTranslations("complaints");
  const initial = () =>
    Object.fromEntries(fields.map((f) => [f.name, f.kind === "select" ? (f.options[0]?.value ?? "") : ""]));
  const [values, setValues] = useState<Record<string, string>>(initial);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  const message = (key: string | undefined) => (key && t.has(`validation.${key}`) ? t(`validation.${key}`) : key);
  return (
    <ActionDialog
      id={id}
      trigger={trigger}
      triggerVariant={variant}
      title={title}
      submitLabel={submitLabel}
      cancelLabel={t("actions.cancel")}
      pending={pending}
      onOpen={() => {
        setValues(initial());
        setFieldErrors({});
        setError(undefined);
      }}
      onSubmit={async (close) => {
        if (pending) return;
        setPending(true);
        try {
          const result = await run((name) => values[name] ?? "");
          if (!result.ok) {
            setFieldErrors(result.fieldErrors ?? {});
            setError(result.message);
            return;
          }
          close();
          onDone();
        } finally {
          setPending(false);
        }
      }}
    >
      {error ? <Alert tone="error">{error}</Alert> : null}
      {fields.map((field) => (
        <Field
          key={field.name}
          id={`${id}-${field.name}`}
          label={field.label}
          error={message(fieldErrors[field.name]?.[0])}
        >
          {field.kind === "select" ? (
            <Select
              id={`${id}-${field.name}`}
              value={values[field.name] ?? ""}
              onChange={(e) => setValues({ ...values, [field.name]: e.target.value })}
            >
              {field.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </Select>
          ) : (
            <textarea
              id={`${id}-${field.name}`}
              rows={field.rows ?? 3}
              maxLength={field.max}
              className={controlClasses}
              value={values[field.name] ?? ""}
              onChange={(e) => setValues({ ...values, [field.name]: e.target.value })}
            />
          )}
        </Field>
      ))}
    </ActionDialog>
  );
}

export function ComplaintActions({
  complaintId,
  transitions,
  assigneeId,
  handlers,
  closed,
}: {
  complaintId: string;
  transitions: ComplaintTransition[];
  assigneeId: string | null;
  handlers: { id: string; displayName: string }[];
  closed: boolean;
}) {
  const t = useTranslations("complaints");
  const router = useRouter();
  const [notice, setNotice] = useState<string>();
  const done = (text: string) => () => {
    setNotice(text);
    router.refresh();
  };
  const has = (transition: ComplaintTransition) => transitions.includes(transition);
  const simple = (
    transition: "acknowledge" | "investigate" | "close",
    variant: "primary" | "secondary" = "primary",
  ) => (
    <ChangeDialog
      id={`complaint-${transition}`}
      trigger={t(`actions.${transition}`)}
      title={t(`actions.${transition}`)}
      submitLabel={t("actions.confirm")}
      variant={variant}
      fields={[]}
      run={() => changeComplaintStatusAction({ complaintId, transition })}
      onDone={done(t("actions.done"))}
    />
  );

  return (
    <Card title={t("actions.title")}>
      {notice ? (
        <div className="mb-3">
          <Alert tone="success">{notice}</Alert>
        </div>
      ) : null}
      <div className="flex flex-wrap gap-2">
        {has("acknowledge") ? simple("acknowledge") : null}
        {has("investigate") ? simple("investigate") : null}
        {has("pause") ? (
          <ChangeDialog
            id="complaint-pause"
            trigger={t("actions.pause")}
            title={t("actions.pause")}
            submitLabel={t("actions.confirm")}
            fields={[{ name: "reason", kind: "text", label: t("actions.reason"), max: REASON_MAX }]}
            run={(v) => pauseComplaintAction({ complaintId, reason: v("reason") })}
            onDone={done(t("actions.done"))}
          />
        ) : null}
        {has("resume") ? (
          <ChangeDialog
            id="complaint-resume"
            trigger={t("actions.resume")}
            title={t("actions.resume")}
            submitLabel={t("actions.confirm")}
            variant="primary"
            fields={[{ name: "note", kind: "text", label: t("actions.noteOptional"), max: REASON_MAX }]}
            run={(v) => resumeComplaintAction({ complaintId, note: v("note") })}
            onDone={done(t("actions.done"))}
          />
        ) : null}
        {has("resolve") ? (
          <ChangeDialog
            id="complaint-resolve"
            trigger={t("actions.resolve")}
            title={t("actions.resolve")}
            submitLabel={t("actions.resolve")}
            variant="primary"
            fields={[
              { name: "rootCause", kind: "text", label: t("rootCause"), max: NOTE_MAX },
              { name: "actionTaken", kind: "text", label: t("actionTaken"), max: NOTE_MAX },
            ]}
            run={(v) =>
              resolveComplaintAction({ complaintId, rootCause: v("rootCause"), actionTaken: v("actionTaken") })
            }
            onDone={done(t("actions.done"))}
          />
        ) : null}
        {has("close") ? simple("close") : null}
        {has("reopen") ? (
          <ChangeDialog
            id="complaint-reopen"
            trigger={t("actions.reopen")}
            title={t("actions.reopen")}
            submitLabel={t("actions.reopen")}
            variant="danger"
            fields={[{ name: "reason", kind: "text", label: t("actions.reason"), max: REASON_MAX }]}
            run={(v) => reopenComplaintAction({ complaintId, reason: v("reason") })}
            onDone={done(t("actions.done"))}
          />
        ) : null}
        {closed ? null : (
          <ChangeDialog
            id="complaint-contact"
            trigger={t("actions.contact")}
            title={t("actions.contact")}
            submitLabel={t("actions.save")}
            fields={[
              {
                name: "channel",
                kind: "select",
                label: t("actions.contactChannel"),
                options: CONTACT_CHANNELS.map((c) => ({ value: c, label: t(`contactChannels.${c}`) })),
              },
              {
                name: "outcome",
                kind: "select",
                label: t("actions.contactOutcome"),
                options: CONTACT_OUTCOMES.map((o) => ({ value: o, label: t(`contactOutcomes.${o}`) })),
              },
              { name: "note", kind: "text", label: t("actions.noteOptional"), max: NOTE_MAX },
            ]}
            run={(v) =>
              logContactAttemptAction({
                complaintId,
                channel: v("channel") as ContactChannel,
                outcome: v("outcome") as ContactOutcome,
                note: v("note"),
              })
            }
            onDone={done(t("actions.done"))}
          />
        )}
        <ChangeDialog
          id="complaint-note"
          trigger={t("actions.note")}
          title={t("actions.note")}
          submitLabel={t("actions.save")}
          fields={[{ name: "body", kind: "text", label: t("actions.noteInternal"), max: NOTE_MAX, rows: 4 }]}
          run={(v) => addComplaintNoteAction({ complaintId, body: v("body") })}
          onDone={done(t("actions.done"))}
        />
        {closed ? null : (
          <ChangeDialog
            id="complaint-assign"
            trigger={t("actions.assign")}
            title={t("actions.assign")}
            submitLabel={t("actions.assign")}
            fields={[
              {
                name: "assigneeId",
                kind: "select",
                label: t("assignee"),
                options: handlers
                  .filter((h) => h.id !== assigneeId)
                  .map((h) => ({ value: h.id, label: h.displayName })),
              },
            ]}
            run={(v) => assignComplaintAction({ complaintId, assigneeId: v("assigneeId") })}
            onDone={done(t("actions.done"))}
          />
        )}
      </div>
    </Card>
  );
}
