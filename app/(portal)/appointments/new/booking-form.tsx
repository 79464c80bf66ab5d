"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { Field } from "@/components/form/field";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { controlClasses, Input, Select } from "@/components/ui/input";
import { bookAppointmentAction } from "@/lib/appointments/booking/actions";
import type { BookingAdvisor, BookingMember, BookingStore, BookingType } from "@/lib/appointments/booking/queries";
import {
  bookAppointmentSchema,
  memberBelowTier,
  NOTE_MAX,
  OVERRIDE_REASON_MAX,
  type BookAppointmentInput,
  type BookAppointmentValues,
  type SlotOption,
} from "@/lib/appointments/booking/schemas";
import { storeDisplayName } from "@/lib/stores/display";
import { JoinWaitlistButton } from "../waitlist/join-waitlist-button";
import { MemberPicker } from "./member-picker";
import { alternativesOf, SlotPicker, TakenAlternatives, useFreeSlots } from "./slot-picker";

export type BookingPrefill = {
  storeId: string;
  typeId: string;
  /** Store-local yyyy-MM-dd. */
  date: string;
  /** "" for any advisor. */
  advisorId: string;
  startsAt: string | null;
};

type Props = {
  stores: (BookingStore & { today: string })[];
  types: BookingType[];
  advisors: BookingAdvisor[];
  member: BookingMember | null;
  /** appointments.override_tier: a member below a type's tier may still be booked, with a reason. */
  canOverrideTier: boolean;
  prefill: BookingPrefill;
};

/**
 * Book a visit: the member, the store, the type, the day and an advisor (or any), then one of the
 * free starts the server computes. A slot taken meanwhile comes back as "just taken" with the next
 * free starts to pick instead.
 */
export function BookingForm({ stores, types, advisors, member: initialMember, canOverrideTier, prefill }: Props) {
  const t = useTranslations("appointments");
  const tCommon = useTranslations("common");
  const locale = useLocale();
  const format = useFormatter();
  const router = useRouter();
  const [member, setMember] = useState<BookingMember | null>(initialMember);
  const [date, setDate] = useState(prefill.date);
  const [advisorChoice, setAdvisorChoice] = useState(prefill.advisorId);
  const [error, setError] = useState<string>();
  const [alternatives, setAlternatives] = useState<SlotOption[] | null>(null);
  const free = useFreeSlots();

  const form = useForm<BookAppointmentInput, unknown, BookAppointmentValues>({
    resolver: zodResolver(bookAppointmentSchema, { error: useZodErrorMap() }),
    defaultValues: {
      storeId: prefill.storeId,
      memberId: initialMember?.id ?? "",
      typeId: prefill.typeId,
      startsAt: prefill.startsAt ?? "",
      advisorId: prefill.advisorId || null,
      note: "",
      tierOverrideReason: "",
    },
  });
  const { errors, isSubmitting } = form.formState;
  const storeId = useWatch({ control: form.control, name: "storeId" });
  const typeId = useWatch({ control: form.control, name: "typeId" });
  const startsAt = useWatch({ control: form.control, name: "startsAt" });
  const store = stores.find((s) => s.id === storeId) ?? stores[0];
  const type = types.find((candidate) => candidate.id === typeId);
  const storeAdvisors = advisors.filter((advisor) => advisor.storeId === storeId);
  const belowTier = !!member && !!type && memberBelowTier(member.tier, type.minTier);
  const localized = (key: string | undefined) => (key && t.has(`validation.${key}`) ? t(`validation.${key}`) : key);

  const ask = (next: { storeId: string; typeId: string; date: string; advisorId: string }) =>
    free.load(
      next.storeId && next.typeId && next.date
        ? { storeId: next.storeId, typeId: next.typeId, date: next.date, advisorId: next.advisorId || null }
        : null,
    );
  const current = { storeId, typeId, date, advisorId: advisorChoice };

  // The slots of the prefilled question (the calendar's link, or the page reopened).
  useEffect(() => {
    ask({ storeId: prefill.storeId, typeId: prefill.typeId, date: prefill.date, advisorId: prefill.advisorId });
    // Once, on mount: later questions are asked by the controls that change them.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  /** A control changed the question: the chosen start no longer holds. */
  const change = (next: Partial<typeof current>) => {
    const question = { ...current, ...next };
    setAlternatives(null);
    form.setValue("startsAt", "");
    ask(question);
  };

  const pick = (slot: SlotOption) => {
    setAlternatives(null);
    form.setValue("startsAt", slot.startsAt, { shouldValidate: form.formState.isSubmitted });
  };

  const pickAlternative = (slot: SlotOption) => {
    setDate(slot.date);
    ask({ ...current, date: slot.date });
    pick(slot);
  };

  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    if (belowTier && !values.tierOverrideReason) {
      form.setError("tierOverrideReason", { type: "required", message: "appointmentOverrideReasonRequired" });
      return;
    }
    const result = await bookAppointmentAction(values);
    if (result.ok) {
      router.push(`/appointments/${result.data.appointmentId}?done=booked`);
      return;
    }
    const taken = alternativesOf(result);
    if (taken) {
      setAlternatives(taken);
      form.setValue("startsAt", "");
      ask(current);
      return;
    }
    setError(applyServerErrors(result, form.setError));
  });

  if (!store) return <Alert tone="warning">{t("noStores")}</Alert>;
  if (types.length === 0) return <Alert tone="warning">{t("noTypes")}</Alert>;

  const typeLabel = (candidate: BookingType) =>
    `${locale === "en" ? candidate.nameEn : candidate.nameZh} · ${t("minutes", { minutes: candidate.durationMin })}`;
  const chosenTime = startsAt
    ? format.dateTime(new Date(startsAt), {
        dateStyle: "full",
        timeStyle: "short",
        timeZone: store.timeZone,
      })
    : null;

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      {error ? <Alert tone="error">{error}</Alert> : null}

      <Card title={t("member")}>
        <MemberPicker
          member={member}
          error={localized(errors.memberId?.message)}
          onChange={(next) => {
            setMember(next);
            form.setValue("memberId", next?.id ?? "", { shouldValidate: form.formState.isSubmitted });
          }}
        />
      </Card>

      <Card title={t("visit")}>
        <div className="grid gap-4 md:grid-cols-2">
          {stores.length > 1 ? (
            <Field id="storeId" label={t("store")} error={localized(errors.storeId?.message)}>
              <Select
                id="storeId"
                {...form.register("storeId", {
                  onChange: (e: { target: { value: string } }) => {
                    const next = stores.find((s) => s.id === e.target.value);
                    const nextDate = next?.today ?? date;
                    setDate(nextDate);
                    setAdvisorChoice("");
                    form.setValue("advisorId", null);
                    change({ storeId: e.target.value, date: nextDate, advisorId: "" });
                  },
                })}
              >
                {stores.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.code} {storeDisplayName(s, locale)}
                  </option>
                ))}
              </Select>
            </Field>
          ) : null}
          <Field id="typeId" label={t("type")} error={localized(errors.typeId?.message)}>
            <Select
              id="typeId"
              aria-invalid={!!errors.typeId}
              {...form.register("typeId", {
                onChange: (e: { target: { value: string } }) => change({ typeId: e.target.value }),
              })}
            >
              <option value="">{t("chooseType")}</option>
              {types.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {typeLabel(candidate)}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="date" label={t("date")}>
            <Input
              id="date"
              type="date"
              value={date}
              min={store.today}
              required
              onChange={(e) => {
                setDate(e.target.value);
                change({ date: e.target.value });
              }}
            />
          </Field>
          <Field id="advisorId" label={t("advisor")} error={localized(errors.advisorId?.message)}>
            <Select
              id="advisorId"
              value={advisorChoice}
              onChange={(e) => {
                setAdvisorChoice(e.target.value);
                form.setValue("advisorId", e.target.value || null);
                change({ advisorId: e.target.value });
              }}
            >
              <option value="">{t("anyAdvisor")}</option>
              {storeAdvisors.map((advisor) => (
                <option key={advisor.id} value={advisor.id}>
                  {advisor.displayName}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        {storeAdvisors.length === 0 ? (
          <Alert tone="warning" className="mt-4">
            {t("noAdvisors")}
          </Alert>
        ) : null}
        {type?.needsRoom ? <p className="mt-3 text-sm text-stone-600">{t("needsRoomHint")}</p> : null}
      </Card>

      <Card title={t("slots")}>
        <div className="space-y-3">
          {alternatives ? (
            <TakenAlternatives alternatives={alternatives} timeZone={store.timeZone} onSelect={pickAlternative} />
          ) : null}
          <SlotPicker
            id="slots"
            slots={free.slots}
            loading={free.loading}
            error={free.error}
            selected={startsAt || null}
            onSelect={pick}
            emptyHint={typeId ? undefined : t("slotsChooseType")}
            whenNone={
              <JoinWaitlistButton
                storeId={storeId}
                memberId={member?.id ?? null}
                typeId={typeId}
                day={date}
                advisorId={advisorChoice || null}
              />
            }
          />
          {chosenTime ? (
            <p className="text-sm text-stone-800" data-testid="chosen-slot">
              {t("chosenSlot", { time: chosenTime })}
            </p>
          ) : null}
          {errors.startsAt?.message ? (
            <p className="text-xs text-red-700" role="alert">
              {localized(errors.startsAt.message)}
            </p>
          ) : null}
        </div>
      </Card>

      {belowTier && type ? (
        <Alert tone="warning">
          <p>
            {t("tierWarning", {
              type: locale === "en" ? type.nameEn : type.nameZh,
              minTier: t(`tiers.${type.minTier}`),
              tier: t(`tiers.${member!.tier}`),
            })}
          </p>
          {canOverrideTier ? null : <p className="mt-1">{t("tierWarningAskManager")}</p>}
        </Alert>
      ) : null}

      <Card title={t("details")}>
        <div className="space-y-4">
          {belowTier && canOverrideTier ? (
            <Field
              id="tierOverrideReason"
              label={t("tierOverrideReason")}
              hint={t("tierOverrideHint")}
              error={localized(errors.tierOverrideReason?.message)}
            >
              <Input
                id="tierOverrideReason"
                maxLength={OVERRIDE_REASON_MAX}
                aria-invalid={!!errors.tierOverrideReason}
                {...form.register("tierOverrideReason")}
              />
            </Field>
          ) : null}
          <Field id="note" label={t("note")} hint={t("noteHint")} error={localized(errors.note?.message)}>
            <textarea
              id="note"
              rows={3}
              maxLength={NOTE_MAX}
              className={controlClasses}
              aria-invalid={!!errors.note}
              {...form.register("note")}
            />
          </Field>
        </div>
      </Card>

      <div className="flex flex-wrap gap-2">
        <Button type="submit" pending={isSubmitting} disabled={belowTier && !canOverrideTier}>
          {t("book")}
        </Button>
        <Link href="/appointments" className={buttonClasses("secondary")}>
          {tCommon("cancel")}
        </Link>
      </div>
    </form>
  );
}
