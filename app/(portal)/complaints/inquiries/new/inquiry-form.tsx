"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Field } from "@/components/form/field";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { controlClasses, Input, Select } from "@/components/ui/input";
import type { BookingMember } from "@/lib/appointments/booking/queries";
import { COMPLAINT_CHANNELS } from "@/lib/complaints/cases/schemas";
import { logInquiryAction } from "@/lib/complaints/inquiries/actions";
import {
  INQUIRY_TOPICS,
  logInquirySchema,
  type LogInquiryInput,
  type LogInquiryValues,
} from "@/lib/complaints/inquiries/schemas";
import { CustomerSearch } from "../../_components/customer-search";

/** Logs a question: where and how it came, its topic, the question, and who asked (a member if known). */
export function InquiryForm({ stores }: { stores: { id: string; label: string }[] }) {
  const t = useTranslations("complaintFollowUp.inquiries");
  const tc = useTranslations("complaints");
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [member, setMember] = useState<BookingMember | null>(null);
  const form = useForm<LogInquiryInput, unknown, LogInquiryValues>({
    resolver: zodResolver(logInquirySchema, { error: useZodErrorMap() }),
    defaultValues: {
      storeId: stores.length === 1 ? stores[0]!.id : "",
      channel: "hotline",
      topic: undefined,
      question: "",
      memberId: "",
      customerName: "",
      customerContact: "",
      receivedAt: "",
    },
  });
  const { errors, isSubmitting } = form.formState;
  const message = (key: string | undefined) =>
    key && t.has(`validation.${key}`)
      ? t(`validation.${key}`)
      : key && tc.has(`validation.${key}`)
        ? tc(`validation.${key}` as "validation.storeRequired")
        : key;

  const choose = (chosen: BookingMember | null) => {
    setMember(chosen);
    form.setValue("memberId", chosen?.id ?? "");
  };

  const submit = form.handleSubmit(async (values) => {
    setError(undefined);
    const result = await logInquiryAction(values);
    if (!result.ok) return setError(applyServerErrors(result, form.setError));
    router.push("/complaints/inquiries");
  });

  return (
    <form onSubmit={submit} noValidate className="grid max-w-4xl gap-4 lg:grid-cols-2">
      {error ? (
        <div className="lg:col-span-2">
          <Alert tone="error">{error}</Alert>
        </div>
      ) : null}
      <Card title={t("theQuestion")}>
        <div className="space-y-4">
          <Field id="storeId" label={tc("store")} error={message(errors.storeId?.message)}>
            <Select id="storeId" {...form.register("storeId")}>
              <option value="">{tc("intake.chooseStore")}</option>
              {stores.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label}
                </option>
              ))}
            </Select>
          </Field>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field id="channel" label={tc("channel")} error={message(errors.channel?.message)}>
              <Select id="channel" {...form.register("channel")}>
                {COMPLAINT_CHANNELS.map((c) => (
                  <option key={c} value={c}>
                    {tc(`channels.${c}`)}
                  </option>
                ))}
              </Select>
            </Field>
            <Field id="topic" label={t("topic")} error={message(errors.topic?.message)}>
              <Select id="topic" {...form.register("topic")}>
                <option value="">{t("chooseTopic")}</option>
                {INQUIRY_TOPICS.map((topic) => (
                  <option key={topic} value={topic}>
                    {t(`topics.${topic}`)}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          <Field id="question" label={t("question")} error={message(errors.question?.message)}>
            <textarea id="question" rows={5} className={controlClasses} {...form.register("question")} />
          </Field>
        </div>
      </Card>
      <Card title={tc("customer")}>
        <div className="space-y-4">
          <CustomerSearch member={member} onChoose={choose} unidentifiedHint={t("anonymousHint")}>
            <div className="grid gap-4 sm:grid-cols-2">
              <Field id="customerName" label={tc("intake.customerName")} error={message(errors.customerName?.message)}>
                <Input id="customerName" {...form.register("customerName")} />
              </Field>
              <Field
                id="customerContact"
                label={tc("intake.customerContact")}
                error={message(errors.customerContact?.message)}
              >
                <Input id="customerContact" {...form.register("customerContact")} />
              </Field>
            </div>
          </CustomerSearch>
        </div>
      </Card>
      <div className="lg:col-span-2">
        <Button type="submit" pending={isSubmitting}>
          {t("submit")}
        </Button>
      </div>
    </form>
  );
}
