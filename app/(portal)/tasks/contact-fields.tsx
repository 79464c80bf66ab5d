"use client";

import { useTranslations } from "next-intl";
import { useWatch, type FieldValues, type UseFormReturn } from "react-hook-form";
import { Field } from "@/components/form/field";
import { Input, Select, controlClasses } from "@/components/ui/input";
import {
  CONTACT_CHANNELS,
  CONTACT_NOTE_MAX,
  CONTACT_OUTCOMES,
  LOST_REASON_MAX,
  showsLostReason,
  type ContactFieldsInput,
} from "@/lib/clienteling/contacts/schemas";

/**
 * The fields of one contact (channel, outcome, note, and the reason a client gave for leaving),
 * shared by the task page's "Log contact & complete" dialog and the 360° view's "Log contact"
 * form. The reason is offered when the client declined or is dormant or lost.
 */
export function ContactFields<T extends FieldValues & ContactFieldsInput>({
  form,
  idPrefix,
  lifecycleStage,
}: {
  form: UseFormReturn<T>;
  idPrefix: string;
  lifecycleStage: string | null;
}) {
  // The fields are the same in every form that embeds them; react-hook-form cannot type a subset.
  const f = form as unknown as UseFormReturn<ContactFieldsInput>;
  const t = useTranslations("clienteling");
  const outcome = useWatch({ control: f.control, name: "outcome" });
  const { errors } = f.formState;
  return (
    <div className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id={`${idPrefix}-channel`} label={t("contact.channel")} error={errors.channel?.message}>
          <Select id={`${idPrefix}-channel`} aria-invalid={!!errors.channel} {...f.register("channel")}>
            <option value="">{t("contact.choose")}</option>
            {CONTACT_CHANNELS.map((channel) => (
              <option key={channel} value={channel}>
                {t(`channels.${channel}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field id={`${idPrefix}-outcome`} label={t("contact.outcome")} error={errors.outcome?.message}>
          <Select id={`${idPrefix}-outcome`} aria-invalid={!!errors.outcome} {...f.register("outcome")}>
            <option value="">{t("contact.choose")}</option>
            {CONTACT_OUTCOMES.map((value) => (
              <option key={value} value={value}>
                {t(`outcomes.${value}`)}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <Field id={`${idPrefix}-note`} label={t("contact.note")} error={errors.note?.message}>
        <textarea
          id={`${idPrefix}-note`}
          rows={3}
          maxLength={CONTACT_NOTE_MAX}
          placeholder={t("contact.notePlaceholder")}
          className={controlClasses}
          aria-invalid={!!errors.note}
          {...f.register("note")}
        />
      </Field>
      {showsLostReason(outcome, lifecycleStage) ? (
        <Field
          id={`${idPrefix}-lost-reason`}
          label={t("contact.lostReason")}
          hint={t("contact.lostReasonHint")}
          error={errors.lostReason?.message}
        >
          <Input
            id={`${idPrefix}-lost-reason`}
            maxLength={LOST_REASON_MAX}
            aria-invalid={!!errors.lostReason}
            {...f.register("lostReason")}
          />
        </Field>
      ) : null}
    </div>
  );
}

/** The values to send: a reason typed while it was offered, then hidden by a change of outcome, is dropped. */
export function contactValuesToSend<T extends ContactFieldsInput>(values: T, lifecycleStage: string | null): T {
  return showsLostReason(values.outcome, lifecycleStage) ? values : { ...values, lostReason: null };
}
