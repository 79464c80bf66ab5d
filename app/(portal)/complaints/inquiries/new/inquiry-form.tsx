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
import { findComplaintMembersAction } from "@/lib/complaints/cases/actions";
import { COMPLAINT_CHANNELS } from "@/lib/complaints/cases/schemas";
import { logInquiryAction } from "@/lib/complaints/inquiries/actions";
import {
  INQUIRY_TOPICS,
  logInquirySchema,
  type LogInquiryInput,
  type LogInquiryValues,
} from "@/lib/complaints/inquiries/schemas";

/** Logs a question: where and how it came, its topic, the question, and who asked (a member if known). */
export function InquiryForm({ stores }: { stores: { id: string; label: string }[] }) {
  const t = useTranslations("complaintFollowUp.inquiries");
  const tc = useTranslations("complaints");
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [query, setQuery] = useState("");
  const [matches, setMatches] = useState<BookingMember[] | null>(null);
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

  const search = async () => {
    if (!query.trim()) return;
    const result = await findComplaintMembersAction({ q: query });
    setMatches(result.ok ? result.data : []);
  };
  const choose = (chosen: BookingMember | null) => {
    setMember(chosen);
    setMatches(null);
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
          {member ? (
            <div className="flex items-center justify-between rounded-md bg-stone-50 p-3 text-sm">
              <span>
                {member.name} · {member.phone}
              </span>
              <Button variant="ghost" size="sm" onClick={() => choose(null)}>
                {tc("intake.changeMember")}
              </Button>
            </div>
          ) : (
            <>
              <div className="flex gap-2">
                <Input
                  aria-label={tc("intake.memberSearch")}
                  placeholder={tc("intake.memberSearchPlaceholder")}
                  value={query}
                  onChange={(event) => setQuery(event.target.value)}
                  onKeyDown={(event) => {
                    if (event.key === "Enter") {
                      event.preventDefault();
                      void search();
                    }
                  }}
                />
                <Button variant="secondary" onClick={() => void search()}>
                  {tc("intake.search")}
                </Button>
              </div>
              {matches ? (
                matches.length === 0 ? (
                  <p className="text-sm text-stone-500">{tc("intake.noMatches")}</p>
                ) : (
                  <ul className="divide-y divide-stone-100 rounded-md ring-1 ring-stone-200">
                    {matches.map((m) => (
                      <li key={m.id}>
                        <button
                          type="button"
                          className="w-full px-3 py-2 text-left text-sm hover:bg-amber-50"
                          onClick={() => choose(m)}
                        >
                          {m.name} · {m.phone}
                        </button>
                      </li>
                    ))}
                  </ul>
                )
              ) : null}
              <p className="text-xs text-stone-500">{t("anonymousHint")}</p>
              <div className="grid gap-4 sm:grid-cols-2">
                <Field
                  id="customerName"
                  label={tc("intake.customerName")}
                  error={message(errors.customerName?.message)}
                >
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
            </>
          )}
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
