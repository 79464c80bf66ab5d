"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRef, useState, type FormEvent, type ReactNode } from "react";
import { useForm, type FieldValues, type UseFormReturn } from "react-hook-form";
import { Field } from "@/components/form/field";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Button, type ButtonVariant } from "@/components/ui/button";
import { Select, controlClasses } from "@/components/ui/input";
import type { ActionFailure, ActionResult } from "@/lib/actions/result";
import { assignTaskAction, completeTaskAction, skipTaskAction } from "@/lib/clienteling/tasks/actions";
import {
  assignTaskSchema,
  completeTaskSchema,
  SKIP_REASON_MAX,
  skipTaskSchema,
  type AssignTaskInput,
  type CompleteTaskInput,
  type SkipTaskInput,
} from "@/lib/clienteling/tasks/schemas";
import { ContactFields, contactValuesToSend } from "./contact-fields";

/** What a dialog restates about the task it acts on. */
export type DialogTask = {
  id: string;
  memberName: string;
  memberStage: string;
  about: ReactNode;
  question?: ReactNode;
  assigneeId: string | null;
};

/** The message of a failed action; "already closed" in words that say what happened. */
function useFailureMessage() {
  const t = useTranslations("clienteling");
  return (failure: ActionFailure, message: string) =>
    failure.fieldErrors?.taskId?.includes("taskClosed") ? t("errors.taskClosed") : message;
}

/**
 * The state a task dialog hands to DialogShell: on success the dialog closes and `onSuccess` gets
 * the action's data; on failure the field errors go next to their fields and the message shows on
 * top. Closing clears the error and puts `defaults` back.
 */
function useTaskDialog<T extends FieldValues, R>(
  form: UseFormReturn<T>,
  defaults: T,
  action: (values: T) => Promise<ActionResult<R>>,
  onSuccess: (data: R) => void,
) {
  const failureMessage = useFailureMessage();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string>();
  return {
    dialogRef,
    error,
    onSubmit: (event: FormEvent<HTMLFormElement>) =>
      form.handleSubmit(async (values) => {
        setError(undefined);
        const result = await action(values);
        if (!result.ok) return setError(failureMessage(result, applyServerErrors(result, form.setError)));
        dialogRef.current?.close();
        onSuccess(result.data);
      })(event),
    onClose: () => {
      setError(undefined);
      form.reset(defaults);
    },
  };
}

/** A button that opens a modal dialog holding a form; the dialog closes itself on success. */
function DialogShell({
  id,
  trigger,
  variant,
  title,
  children,
  onSubmit,
  submitLabel,
  submitVariant = "primary",
  pending,
  error,
  dialogRef,
  onClose,
}: {
  id: string;
  trigger: string;
  variant: ButtonVariant;
  title: ReactNode;
  children: ReactNode;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  submitLabel: string;
  submitVariant?: ButtonVariant;
  pending: boolean;
  error?: string;
  dialogRef: React.RefObject<HTMLDialogElement | null>;
  onClose: () => void;
}) {
  const tCommon = useTranslations("common");
  return (
    <>
      <Button variant={variant} onClick={() => dialogRef.current?.showModal()}>
        {trigger}
      </Button>
      <dialog
        ref={dialogRef}
        aria-labelledby={`${id}-title`}
        className="m-auto w-full max-w-lg rounded-lg p-0 shadow-xl backdrop:bg-stone-900/40"
        onClose={onClose}
      >
        <form onSubmit={onSubmit} noValidate>
          <div className="space-y-3 p-5">
            <h2 id={`${id}-title`} className="text-base font-semibold text-stone-900">
              {title}
            </h2>
            {error ? <Alert tone="error">{error}</Alert> : null}
            {children}
          </div>
          <div className="flex justify-end gap-2 border-t border-stone-200 bg-stone-50 px-5 py-3">
            <Button variant="secondary" onClick={() => dialogRef.current?.close()} disabled={pending}>
              {tCommon("cancel")}
            </Button>
            <Button type="submit" variant={submitVariant} pending={pending}>
              {submitLabel}
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}

function TaskSummary({ task }: { task: DialogTask }) {
  return (
    <div className="rounded-md bg-stone-50 px-3 py-2 text-sm">
      <p className="font-medium text-stone-900">{task.memberName}</p>
      <p className="text-stone-700">{task.about}</p>
      {task.question ? <p className="mt-1 font-medium text-amber-800">{task.question}</p> : null}
    </div>
  );
}

/** "Log contact & complete": the contact is required; the task closes with it. */
export function CompleteTaskDialog({ task, onDone }: { task: DialogTask; onDone: (message: string) => void }) {
  const t = useTranslations("clienteling");
  const defaults: CompleteTaskInput = {
    taskId: task.id,
    channel: "" as CompleteTaskInput["channel"],
    outcome: "" as CompleteTaskInput["outcome"],
    note: "",
    lostReason: "",
  };
  const form = useForm<CompleteTaskInput>({
    resolver: zodResolver(completeTaskSchema, { error: useZodErrorMap() }),
    defaultValues: defaults,
  });
  const dialog = useTaskDialog(
    form,
    defaults,
    (values) => completeTaskAction(contactValuesToSend(values, task.memberStage)),
    () => onDone(t("tasks.completedNotice", { member: task.memberName })),
  );
  return (
    <DialogShell
      id={`complete-${task.id}`}
      trigger={t("tasks.complete")}
      variant="primary"
      title={t("dialogs.completeTitle")}
      submitLabel={t("dialogs.completeSubmit")}
      pending={form.formState.isSubmitting}
      {...dialog}
    >
      <TaskSummary task={task} />
      <ContactFields form={form} idPrefix={`complete-${task.id}`} lifecycleStage={task.memberStage} />
    </DialogShell>
  );
}

/** "Skip": closes the task without a contact; the reason is required. */
export function SkipTaskDialog({ task, onDone }: { task: DialogTask; onDone: (message: string) => void }) {
  const t = useTranslations("clienteling");
  const defaults: SkipTaskInput = { taskId: task.id, reason: "" };
  const form = useForm<SkipTaskInput>({
    resolver: zodResolver(skipTaskSchema, { error: useZodErrorMap() }),
    defaultValues: defaults,
  });
  const { errors } = form.formState;
  const id = `skip-${task.id}`;
  const dialog = useTaskDialog(form, defaults, skipTaskAction, () =>
    onDone(t("tasks.skippedNotice", { member: task.memberName })),
  );
  return (
    <DialogShell
      id={id}
      trigger={t("tasks.skip")}
      variant="secondary"
      title={t("dialogs.skipTitle")}
      submitLabel={t("dialogs.skipSubmit")}
      pending={form.formState.isSubmitting}
      {...dialog}
    >
      <TaskSummary task={{ ...task, question: undefined }} />
      <Field
        id={`${id}-reason`}
        label={t("dialogs.skipReason")}
        hint={t("dialogs.skipReasonHint")}
        error={errors.reason?.message}
      >
        <textarea
          id={`${id}-reason`}
          rows={3}
          maxLength={SKIP_REASON_MAX}
          className={controlClasses}
          aria-invalid={!!errors.reason}
          {...form.register("reason")}
        />
      </Field>
    </DialogShell>
  );
}

export type AssignableAdvisor = { id: string; displayName: string };

/** A manager's "Assign": an advisor of the task's store, or back to the store's unassigned list. */
export function AssignTaskDialog({
  task,
  advisors,
  onDone,
}: {
  task: DialogTask;
  advisors: AssignableAdvisor[];
  onDone: (message: string) => void;
}) {
  const t = useTranslations("clienteling");
  const defaults: AssignTaskInput = { taskId: task.id, assigneeId: task.assigneeId ?? "" };
  const form = useForm<AssignTaskInput>({
    resolver: zodResolver(assignTaskSchema, { error: useZodErrorMap() }),
    defaultValues: defaults,
  });
  const { errors } = form.formState;
  const id = `assign-${task.id}`;
  const dialog = useTaskDialog(form, defaults, assignTaskAction, (data) => {
    const advisor = advisors.find((a) => a.id === data.assigneeId);
    onDone(
      advisor
        ? t("tasks.assignedNotice", { member: task.memberName, advisor: advisor.displayName })
        : t("tasks.unassignedNotice", { member: task.memberName }),
    );
  });
  return (
    <DialogShell
      id={id}
      trigger={t("tasks.assign")}
      variant="ghost"
      title={t("dialogs.assignTitle")}
      submitLabel={t("dialogs.assignSubmit")}
      pending={form.formState.isSubmitting}
      {...dialog}
    >
      <TaskSummary task={{ ...task, question: undefined }} />
      <Field id={`${id}-assignee`} label={t("dialogs.assignTo")} error={errors.assigneeId?.message}>
        <Select id={`${id}-assignee`} aria-invalid={!!errors.assigneeId} {...form.register("assigneeId")}>
          <option value="">{t("tasks.unassigned")}</option>
          {advisors.map((advisor) => (
            <option key={advisor.id} value={advisor.id}>
              {advisor.displayName}
            </option>
          ))}
        </Select>
      </Field>
    </DialogShell>
  );
}
