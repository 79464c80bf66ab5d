"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Field } from "@/components/form/field";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { controlClasses, Input, Select } from "@/components/ui/input";
import { grantTierAction } from "@/lib/loyalty/tiers/actions";
import { GRANTABLE_TIERS, grantTierSchema, type GrantTierFormInput } from "@/lib/loyalty/tiers/schemas";
import type { TierProgress } from "@/lib/loyalty/tiers/queries";
import { formatFen } from "@/lib/money";

type TierPanelProps = {
  memberId: string;
  /** From tierProgress(db, memberId, now): dates in it are local dates of the member's home store. */
  progress: TierProgress;
  /** The staff member holds loyalty.tiers.grant (and the member is not erased). */
  canGrant: boolean;
};

/**
 * The 360° view's tier section: the tier, the rolling 12-month spend, "¥X more to reach Gold",
 * "¥Y more by <date> to keep Gold", a grant in force, and for managers the grant form.
 */
export function TierPanel({ memberId, progress, canGrant }: TierPanelProps) {
  const t = useTranslations("loyaltyTiers");
  const format = useFormatter();
  const locale = useLocale();
  const tierName = (code: string) => (t.has(`tiers.${code}`) ? t(`tiers.${code}`) : code);
  // Local dates of the home store, shown as calendar dates (no further time-zone shift).
  const day = (value: string) =>
    format.dateTime(new Date(`${value}T00:00:00Z`), { dateStyle: "medium", timeZone: "UTC" });
  const money = (fen: number) => formatFen(fen, locale);

  return (
    <div className="space-y-3 text-sm" data-testid="tier-panel">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5">
        <dt className="text-stone-500">{t("tier")}</dt>
        <dd className="font-medium text-stone-900">{tierName(progress.tier)}</dd>
        <dt className="text-stone-500">{t("rollingSpend")}</dt>
        <dd className="tabular-nums">{money(progress.spendFen)}</dd>
      </dl>
      <ul className="space-y-1">
        {progress.next ? (
          <li data-testid="tier-next">
            {progress.next.moreFen > 0
              ? t("moreToReach", { amount: money(progress.next.moreFen), tier: tierName(progress.next.tier) })
              : t("nextReached", { tier: tierName(progress.next.tier) })}
          </li>
        ) : (
          <li className="text-stone-600">{t("topTier")}</li>
        )}
        {progress.keep ? (
          <li data-testid="tier-keep" className={progress.keep.moreFen > 0 ? "text-amber-800" : "text-emerald-700"}>
            {progress.keep.moreFen > 0
              ? t("moreToKeep", {
                  amount: money(progress.keep.moreFen),
                  date: day(progress.keep.byDate),
                  tier: tierName(progress.keep.tier),
                })
              : t("keepOnTrack", { date: day(progress.keep.byDate), tier: tierName(progress.keep.tier) })}
          </li>
        ) : null}
        {progress.grantedUntil ? (
          <li className="text-sky-800">{t("grantedUntil", { date: day(progress.grantedUntil) })}</li>
        ) : null}
      </ul>
      {canGrant ? <GrantTierForm memberId={memberId} currentTier={progress.tier} /> : null}
    </div>
  );
}

function GrantTierForm({ memberId, currentTier }: { memberId: string; currentTier: string }) {
  const t = useTranslations("loyaltyTiers");
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState(false);
  const form = useForm<GrantTierFormInput>({
    resolver: zodResolver(grantTierSchema, { error: useZodErrorMap() }),
    defaultValues: {
      memberId,
      tier: GRANTABLE_TIERS.find((code) => code === currentTier) ?? "silver",
      until: "",
      reason: "",
    },
  });
  const { errors, isSubmitting } = form.formState;
  const message = (key: string | undefined) => (key && t.has(`errors.${key}`) ? t(`errors.${key}`) : key);

  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    const result = await grantTierAction(values);
    if (!result.ok) return setError(applyServerErrors(result, form.setError));
    setDone(true);
    setOpen(false);
    form.reset({ memberId, tier: values.tier, until: "", reason: "" });
    router.refresh();
  });

  if (!open) {
    return (
      <div className="space-y-2 border-t border-stone-100 pt-3">
        {done ? <Alert tone="success">{t("grantedNotice")}</Alert> : null}
        <Button variant="secondary" size="sm" onClick={() => setOpen(true)}>
          {t("grantButton")}
        </Button>
      </div>
    );
  }

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="space-y-3 border-t border-stone-100 pt-3"
      aria-label={t("grantTitle")}
    >
      <p className="text-sm font-medium text-stone-900">{t("grantTitle")}</p>
      {error ? <Alert tone="error">{error}</Alert> : null}
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id="grant-tier" label={t("grantTier")} error={message(errors.tier?.message)}>
          <Select id="grant-tier" aria-invalid={!!errors.tier} {...form.register("tier")}>
            {GRANTABLE_TIERS.map((code) => (
              <option key={code} value={code}>
                {t(`tiers.${code}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          id="grant-until"
          label={t("grantUntil")}
          hint={t("grantUntilHint")}
          error={message(errors.until?.message)}
        >
          <Input id="grant-until" type="date" aria-invalid={!!errors.until} {...form.register("until")} />
        </Field>
      </div>
      <Field id="grant-reason" label={t("grantReason")} error={message(errors.reason?.message)}>
        <textarea
          id="grant-reason"
          rows={2}
          className={controlClasses}
          aria-invalid={!!errors.reason}
          {...form.register("reason")}
        />
      </Field>
      <div className="flex gap-2">
        <Button type="submit" size="sm" pending={isSubmitting}>
          {t("grantSubmit")}
        </Button>
        <Button variant="ghost" size="sm" onClick={() => setOpen(false)}>
          {t("grantCancel")}
        </Button>
      </div>
    </form>
  );
}
