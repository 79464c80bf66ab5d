"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { Field } from "@/components/form/field";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input, Select } from "@/components/ui/input";
import { createEventAction, updateEventAction } from "@/lib/events/actions";
import { createEventSchema, EVENT_KINDS, MAX_EVENT_CAPACITY, type CreateEventInput } from "@/lib/events/schemas";
import { useEventFailureMessage, useEventFieldError } from "./event-messages";

export type EventFormStore = { id: string; label: string; timeZone: string };

type EventFormProps =
  | { mode: "create"; stores: EventFormStore[]; defaults: CreateEventInput }
  | { mode: "edit"; eventId: string; stores: EventFormStore[]; defaults: CreateEventInput };

/**
 * Creates or edits an event. Times are typed in the event's store's local time (the service reads
 * them in that zone); the store is chosen once, at creation.
 */
export function EventForm(props: EventFormProps) {
  const t = useTranslations("events.form");
  const tEvents = useTranslations("events");
  const tCommon = useTranslations("common");
  const router = useRouter();
  const failureMessage = useEventFailureMessage();
  const fieldError = useEventFieldError();
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const form = useForm<CreateEventInput>({
    resolver: zodResolver(createEventSchema, { error: useZodErrorMap() }),
    defaultValues: props.defaults,
  });
  const { errors, isSubmitting, isDirty } = form.formState;
  const storeId = useWatch({ control: form.control, name: "storeId" });
  const zone = props.stores.find((store) => store.id === storeId)?.timeZone ?? "";

  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    setSaved(false);
    if (props.mode === "create") {
      const result = await createEventAction(values);
      if (!result.ok) {
        applyServerErrors(result, form.setError);
        return setError(failureMessage(result));
      }
      router.push(`/events/${result.data.id}?created=1`);
      router.refresh();
      return;
    }
    // The store is fixed once created: the update schema does not take it.
    const result = await updateEventAction({ ...values, id: props.eventId });
    if (!result.ok) {
      applyServerErrors(result, form.setError);
      return setError(failureMessage(result));
    }
    form.reset(values);
    setSaved(true);
    router.refresh();
  });

  const dateTimeField = (name: "startsAt" | "endsAt" | "inviteDiamondFrom" | "inviteGoldFrom" | "inviteSilverFrom") => (
    <Field id={name} label={t(name)} hint={t(`${name}Hint`, { zone })} error={fieldError(errors[name]?.message)}>
      <Input id={name} type="datetime-local" aria-invalid={!!errors[name]} {...form.register(name)} />
    </Field>
  );

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      {error ? <Alert tone="error">{error}</Alert> : null}
      {saved && !isDirty ? <Alert tone="success">{t("saved")}</Alert> : null}
      <Card title={t("details")}>
        <div className="grid gap-4 sm:grid-cols-2">
          {props.mode === "create" ? (
            <Field id="storeId" label={tEvents("store")} error={fieldError(errors.storeId?.message)}>
              <Select id="storeId" aria-invalid={!!errors.storeId} {...form.register("storeId")}>
                {props.stores.map((store) => (
                  <option key={store.id} value={store.id}>
                    {store.label}
                  </option>
                ))}
              </Select>
            </Field>
          ) : (
            <div className="space-y-1">
              <p className="text-sm font-medium text-stone-800">{tEvents("store")}</p>
              <p className="py-2 text-sm text-stone-700">
                {props.stores.find((store) => store.id === storeId)?.label ?? "—"}
              </p>
            </div>
          )}
          <Field id="kind" label={tEvents("kind")} error={fieldError(errors.kind?.message)}>
            <Select id="kind" aria-invalid={!!errors.kind} {...form.register("kind")}>
              {EVENT_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {tEvents(`kinds.${kind}`)}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="titleZh" label={t("titleZh")} error={fieldError(errors.titleZh?.message)}>
            <Input id="titleZh" lang="zh-CN" aria-invalid={!!errors.titleZh} {...form.register("titleZh")} />
          </Field>
          <Field id="titleEn" label={t("titleEn")} error={fieldError(errors.titleEn?.message)}>
            <Input id="titleEn" lang="en" aria-invalid={!!errors.titleEn} {...form.register("titleEn")} />
          </Field>
          {dateTimeField("startsAt")}
          {dateTimeField("endsAt")}
          <Field
            id="capacity"
            label={tEvents("capacity")}
            hint={t("capacityHint", { max: MAX_EVENT_CAPACITY })}
            error={fieldError(errors.capacity?.message)}
          >
            <Input
              id="capacity"
              type="number"
              inputMode="numeric"
              min={1}
              max={MAX_EVENT_CAPACITY}
              step={1}
              aria-invalid={!!errors.capacity}
              {...form.register("capacity", { valueAsNumber: true })}
            />
          </Field>
        </div>
      </Card>
      <Card title={t("invitations")}>
        <p className="mb-4 text-sm text-stone-600">{t("invitationsHint")}</p>
        <div className="grid gap-4 sm:grid-cols-3">
          {dateTimeField("inviteDiamondFrom")}
          {dateTimeField("inviteGoldFrom")}
          {dateTimeField("inviteSilverFrom")}
        </div>
      </Card>
      <div className="flex gap-2">
        <Button type="submit" pending={isSubmitting} disabled={props.mode === "edit" && !isDirty}>
          {props.mode === "create" ? t("create") : tCommon("save")}
        </Button>
        <Link
          href={props.mode === "create" ? "/events" : `/events/${props.eventId}`}
          className={buttonClasses("secondary")}
        >
          {tCommon("cancel")}
        </Link>
      </div>
    </form>
  );
}
