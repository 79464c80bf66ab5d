"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { Field } from "@/components/form/field";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { controlClasses, Input, Select } from "@/components/ui/input";
import type { BookingMember } from "@/lib/appointments/booking/queries";
import { formatFen } from "@/lib/money";
import { logComplaintAction, memberRelationsAction } from "@/lib/complaints/cases/actions";
import type { MemberRelations } from "@/lib/complaints/cases/queries";
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_CHANNELS,
  COMPLAINT_SEVERITIES,
  DESCRIPTION_MAX,
  logComplaintSchema,
  type LogComplaintInput,
  type LogComplaintValues,
} from "@/lib/complaints/cases/schemas";
import { AttachmentPicker, useComplaintUploads } from "../_components/attachments";
import { CustomerSearch } from "../_components/customer-search";

/** "2026-12-05T14:30" from a datetime-local input, as an instant in the browser's zone (the tablet is in the store). */
function localInputToIso(value: string): string {
  return value ? new Date(value).toISOString() : "";
}

export function ComplaintForm({ stores }: { stores: { id: string; label: string }[] }) {
  const t = useTranslations("complaints");
  const format = useFormatter();
  const locale = useLocale();
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [member, setMember] = useState<BookingMember | null>(null);
  const [relations, setRelations] = useState<MemberRelations | null>(null);
  const [receivedLocal, setReceivedLocal] = useState("");
  const [files, setFiles] = useState<File[]>([]);
  const [unsent, setUnsent] = useState<{ complaintId: string; messages: string[] } | null>(null);
  const uploads = useComplaintUploads();
  const form = useForm<LogComplaintInput, unknown, LogComplaintValues>({
    resolver: zodResolver(logComplaintSchema, { error: useZodErrorMap() }),
    defaultValues: {
      storeId: stores.length === 1 ? stores[0]!.id : "",
      channel: "in_store",
      category: undefined,
      severity: "medium",
      memberId: "",
      customerName: "",
      customerContact: "",
      relatedTransactionId: "",
      relatedAppointmentId: "",
      relatedTicketId: "",
      relatedTicketRef: "",
      description: "",
      receivedAt: "",
      regulatorDeadline: "",
    },
  });
  const { errors, isSubmitting } = form.formState;
  const channel = useWatch({ control: form.control, name: "channel" });
  const storeId = useWatch({ control: form.control, name: "storeId" });
  const message = (key: string | undefined) => (key && t.has(`validation.${key}`) ? t(`validation.${key}`) : key);

  const choose = async (chosen: BookingMember | null) => {
    setMember(chosen);
    setRelations(null);
    form.setValue("memberId", chosen?.id ?? "");
    form.setValue("relatedTransactionId", "");
    form.setValue("relatedAppointmentId", "");
    form.setValue("relatedTicketId", "");
    if (chosen && storeId) {
      const result = await memberRelationsAction({ memberId: chosen.id, storeId });
      if (result.ok) setRelations(result.data);
    }
  };

  const submit = form.handleSubmit(async (values) => {
    setError(undefined);
    const result = await logComplaintAction({ ...values, receivedAt: localInputToIso(receivedLocal) });
    if (!result.ok) return setError(applyServerErrors(result, form.setError));
    const { complaintId } = result.data;
    // The complaint is logged; its files follow, each checked by the server on its own.
    const failures = files.length ? await uploads.upload(complaintId, files) : [];
    if (failures.length) return setUnsent({ complaintId, messages: failures });
    router.push(`/complaints/${complaintId}`);
  });

  if (unsent) {
    return (
      <div className="max-w-2xl space-y-4">
        <Alert tone="error">
          <p className="font-medium">{t("attachments.loggedWithFailures")}</p>
          <ul className="mt-2 list-disc space-y-1 pl-5">
            {unsent.messages.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </Alert>
        <Button type="button" onClick={() => router.push(`/complaints/${unsent.complaintId}`)}>
          {t("attachments.openComplaint")}
        </Button>
      </div>
    );
  }

  return (
    <form onSubmit={submit} noValidate className="grid max-w-4xl gap-4 lg:grid-cols-2">
      {error ? (
        <div className="lg:col-span-2">
          <Alert tone="error">{error}</Alert>
        </div>
      ) : null}
      <Card title={t("intake.complaint")}>
        <div className="space-y-4">
          <Field id="storeId" label={t("store")} error={message(errors.storeId?.message)}>
            <Select id="storeId" {...form.register("storeId")}>
              <option value="">{t("intake.chooseStore")}</option>
              {stores.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label}
                </option>
              ))}
            </Select>
          </Field>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field id="channel" label={t("channel")} error={message(errors.channel?.message)}>
              <Select id="channel" {...form.register("channel")}>
                {COMPLAINT_CHANNELS.map((c) => (
                  <option key={c} value={c}>
                    {t(`channels.${c}`)}
                  </option>
                ))}
              </Select>
            </Field>
            <Field id="severity" label={t("severity")} error={message(errors.severity?.message)}>
              <Select id="severity" {...form.register("severity")}>
                {COMPLAINT_SEVERITIES.map((s) => (
                  <option key={s} value={s}>
                    {t(`severities.${s}`)}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          <Field id="category" label={t("category")} error={message(errors.category?.message)}>
            <Select id="category" {...form.register("category")}>
              <option value="">{t("intake.chooseCategory")}</option>
              {COMPLAINT_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {t(`categories.${c}`)}
                </option>
              ))}
            </Select>
          </Field>
          {channel === "regulator_12315" ? (
            <Field
              id="regulatorDeadline"
              label={t("regulatorDeadline")}
              hint={t("intake.regulatorHint")}
              error={message(errors.regulatorDeadline?.message)}
            >
              <Input id="regulatorDeadline" type="date" {...form.register("regulatorDeadline")} />
            </Field>
          ) : null}
          <Field
            id="receivedAt"
            label={t("receivedAt")}
            hint={t("intake.receivedHint")}
            error={message(errors.receivedAt?.message)}
          >
            <Input
              id="receivedAt"
              type="datetime-local"
              value={receivedLocal}
              onChange={(e) => setReceivedLocal(e.target.value)}
            />
          </Field>
          <Field
            id="description"
            label={t("description")}
            hint={t("intake.descriptionHint", { max: DESCRIPTION_MAX })}
            error={message(errors.description?.message)}
          >
            <textarea id="description" rows={6} className={controlClasses} {...form.register("description")} />
          </Field>
        </div>
      </Card>

      <Card title={t("customer")}>
        <div className="space-y-4">
          <CustomerSearch member={member} onChoose={choose} unidentifiedHint={t("intake.unidentifiedHint")}>
            <Field id="customerName" label={t("intake.customerName")} error={message(errors.customerName?.message)}>
              <Input id="customerName" {...form.register("customerName")} />
            </Field>
            <Field
              id="customerContact"
              label={t("intake.customerContact")}
              error={message(errors.customerContact?.message)}
            >
              <Input id="customerContact" {...form.register("customerContact")} />
            </Field>
          </CustomerSearch>
          {member && relations ? (
            <>
              <Field
                id="relatedTransactionId"
                label={t("relatedPurchase")}
                error={message(errors.relatedTransactionId?.message)}
              >
                <Select id="relatedTransactionId" {...form.register("relatedTransactionId")}>
                  <option value="">{t("intake.none")}</option>
                  {relations.purchases.map((p) => (
                    <option key={p.id} value={p.id}>
                      {format.dateTime(new Date(p.occurredAt), { dateStyle: "medium" })} · {p.externalId} ·{" "}
                      {formatFen(p.totalPaidFen, locale)}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field
                id="relatedAppointmentId"
                label={t("relatedAppointment")}
                error={message(errors.relatedAppointmentId?.message)}
              >
                <Select id="relatedAppointmentId" {...form.register("relatedAppointmentId")}>
                  <option value="">{t("intake.none")}</option>
                  {relations.appointments.map((a) => (
                    <option key={a.id} value={a.id}>
                      {format.dateTime(new Date(a.startsAt), { dateStyle: "medium", timeStyle: "short" })}
                    </option>
                  ))}
                </Select>
              </Field>
            </>
          ) : null}
          {member && relations ? (
            <Field id="relatedTicketId" label={t("relatedTicket")} error={message(errors.relatedTicketId?.message)}>
              <Select id="relatedTicketId" {...form.register("relatedTicketId")}>
                <option value="">{t("intake.none")}</option>
                {relations.tickets.map((ticket) => (
                  <option key={ticket.id} value={ticket.id}>
                    {ticket.reference} · {format.dateTime(new Date(ticket.createdAt), { dateStyle: "medium" })}
                  </option>
                ))}
              </Select>
            </Field>
          ) : (
            <Field id="relatedTicketRef" label={t("relatedTicket")} error={message(errors.relatedTicketRef?.message)}>
              <Input id="relatedTicketRef" maxLength={40} {...form.register("relatedTicketRef")} />
            </Field>
          )}
        </div>
      </Card>
      <div className="lg:col-span-2">
        <Card title={t("attachments.title")}>
          <AttachmentPicker files={files} onChange={setFiles} />
        </Card>
      </div>
      <div className="flex justify-end lg:col-span-2">
        <Button type="submit" pending={isSubmitting}>
          {uploads.progress
            ? t("attachments.uploading", { done: uploads.progress.done, total: uploads.progress.total })
            : t("intake.submit")}
        </Button>
      </div>
    </form>
  );
}
