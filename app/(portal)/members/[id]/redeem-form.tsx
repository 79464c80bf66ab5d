"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, useWatch, type Resolver } from "react-hook-form";
import { Field } from "@/components/form/field";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { DialogLoading } from "@/components/ui/lazy-dialog";
import { redemptionOptionsAction } from "@/lib/loyalty/member-360/actions";
import type { RedemptionOptions } from "@/lib/loyalty/member-360/queries";
import { formatFen } from "@/lib/money";
import { counterRedeemAction } from "@/lib/loyalty/redemptions/actions";
import {
  counterRedeemSchema,
  MAX_GIFT_QUANTITY,
  MAX_PARKING_HOURS,
  previewRedemption,
  REDEMPTION_TYPES,
  type CounterRedeemParsed,
  type RedemptionType,
} from "@/lib/loyalty/redemptions/schemas";
import { useDialogData } from "./use-dialog-data";

export type RedeemGiftOption = { code: string; name: string; pointsCost: number; stock: number };

type RedeemFormProps = {
  memberId: string;
  /** The member's points balance now. */
  balance: number;
  /** Active gifts of the catalogue (the name already in the page's language). */
  gifts: RedeemGiftOption[];
  parkingPointsPerHour: number;
  cashOffsetPointsPerYuan: number;
};

/** The form's values: every type's fields side by side; the schema keeps only the chosen type's. */
type RedeemFormValues = {
  memberId: string;
  type: RedemptionType;
  hours?: number;
  giftCode?: string;
  quantity?: number;
  points?: number;
};

type Done = {
  type: RedemptionType;
  pointsSpent: number;
  pointsBalance: number;
  valueFen: number | null;
  redemptionId: string;
};

/** The redemption form in its dialog: the gifts in stock and the rates are read when it opens. */
export function RedeemDialogBody({ memberId, balance }: { memberId: string; balance: number }) {
  const tCommon = useTranslations("common");
  const locale = useLocale();
  const { data: options, error } = useDialogData<RedemptionOptions>(
    () => redemptionOptionsAction({ memberId }),
    memberId,
  );
  if (error) return <Alert tone="error">{error}</Alert>;
  if (!options) return <DialogLoading label={tCommon("loading")} />;
  return (
    <RedeemForm
      memberId={memberId}
      balance={balance}
      gifts={options.gifts.map((g) => ({
        code: g.code,
        name: locale === "en" ? g.nameEn : g.nameZh,
        pointsCost: g.pointsCost,
        stock: g.stock,
      }))}
      parkingPointsPerHour={options.parkingPointsPerHour}
      cashOffsetPointsPerYuan={options.cashOffsetPointsPerYuan}
    />
  );
}

function greatestCommonDivisor(a: number, b: number): number {
  return b === 0 ? a : greatestCommonDivisor(b, a % b);
}

/**
 * Redemption at the counter from the member's 360° view (loyalty.redeem, in a dialog): parking hours, a gift and
 * quantity, or points off the bill. Shows the cost and the balance after, asks for confirmation,
 * and shows the server's answer (insufficient points, out of stock…) plainly.
 */
export function RedeemForm({
  memberId,
  balance,
  gifts,
  parkingPointsPerHour,
  cashOffsetPointsPerYuan,
}: RedeemFormProps) {
  const t = useTranslations("redeemForm");
  const format = useFormatter();
  const locale = useLocale();
  const router = useRouter();
  const [confirming, setConfirming] = useState<CounterRedeemParsed | null>(null);
  const [sending, setSending] = useState(false);
  const [done, setDone] = useState<Done>();
  const [error, setError] = useState<string>();
  const firstGift = gifts.find((gift) => gift.stock > 0)?.code ?? "";
  const form = useForm<RedeemFormValues, unknown, CounterRedeemParsed>({
    // The flat form type is wider than the schema's union (which it parses into): one cast, here.
    resolver: zodResolver(counterRedeemSchema, { error: useZodErrorMap() }) as unknown as Resolver<
      RedeemFormValues,
      unknown,
      CounterRedeemParsed
    >,
    defaultValues: { memberId, type: "parking", hours: 1 },
  });
  const { errors } = form.formState;
  const values = useWatch({ control: form.control });
  const type = values.type;
  const pricing = { parkingPointsPerHour, cashOffsetPointsPerYuan, gifts };
  const preview = previewRedemption(values, pricing);
  const gift = type === "gift" ? gifts.find((g) => g.code === values.giftCode) : undefined;
  const shortOfStock = !!gift && typeof values.quantity === "number" && values.quantity > gift.stock;
  const insufficient = !!preview && preview.points > balance;
  // A cash offset must be worth whole fen: with 100 points = ¥1 any number works; with other rates, multiples of this.
  const cashStep = cashOffsetPointsPerYuan / greatestCommonDivisor(100, cashOffsetPointsPerYuan);
  const notWholeFen =
    type === "cash_offset" &&
    typeof values.points === "number" &&
    Number.isInteger(values.points) &&
    values.points % cashStep !== 0;
  const fmt = (n: number) => format.number(n);

  const chooseType = (next: RedemptionType) => {
    setError(undefined);
    const defaults: Record<RedemptionType, RedeemFormValues> = {
      parking: { memberId, type: "parking", hours: 1 },
      gift: { memberId, type: "gift", giftCode: firstGift, quantity: 1 },
      cash_offset: { memberId, type: "cash_offset" },
    };
    form.reset(defaults[next]);
  };

  const review = form.handleSubmit((parsed) => {
    setError(undefined);
    setDone(undefined);
    setConfirming(parsed);
  });

  const submit = async () => {
    if (!confirming || sending) return;
    setError(undefined);
    setSending(true);
    const result = await counterRedeemAction(confirming).finally(() => setSending(false));
    setConfirming(null);
    if (!result.ok) {
      setError(applyServerErrors(result, form.setError));
      return;
    }
    setDone({ type: confirming.type, ...result.data });
    chooseType(confirming.type);
    router.refresh();
  };

  const describe = (input: CounterRedeemParsed) => {
    if (input.type === "parking") return t("describeParking", { hours: input.hours });
    if (input.type === "gift")
      return t("describeGift", {
        quantity: input.quantity,
        gift: gifts.find((g) => g.code === input.giftCode)?.name ?? input.giftCode,
      });
    return t("describeCashOffset", { value: formatFen(previewRedemption(input, pricing)?.valueFen ?? 0, locale) });
  };

  if (confirming) {
    const cost = previewRedemption(confirming, pricing);
    return (
      <div className="space-y-3" role="group" aria-labelledby="redeem-confirm-title">
        <h3 id="redeem-confirm-title" className="text-sm font-semibold text-stone-900">
          {t("confirmTitle", { what: describe(confirming) })}
        </h3>
        {cost ? (
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
            <dt className="text-stone-500">{t("cost")}</dt>
            <dd className="text-stone-800 tabular-nums">{t("pointsValue", { points: fmt(cost.points) })}</dd>
            <dt className="text-stone-500">{t("balanceAfter")}</dt>
            <dd className="text-stone-800 tabular-nums">{fmt(balance - cost.points)}</dd>
          </dl>
        ) : null}
        <p className="text-sm text-stone-600">{t("confirmBody")}</p>
        <div className="flex gap-2">
          <Button onClick={submit} pending={sending}>
            {t("confirm")}
          </Button>
          <Button variant="secondary" onClick={() => setConfirming(null)} disabled={sending}>
            {t("back")}
          </Button>
        </div>
      </div>
    );
  }

  return (
    <form onSubmit={review} noValidate className="space-y-3">
      {done ? (
        <Alert tone="success">
          {t("done", { points: fmt(done.pointsSpent), balance: fmt(done.pointsBalance) })}
          {done.type === "cash_offset" && done.valueFen !== null ? (
            <> {t("doneCashOffset", { value: formatFen(done.valueFen, locale) })}</>
          ) : null}
          <span className="ml-1 font-mono text-xs">
            ({t("reference", { id: done.redemptionId.slice(0, 8).toUpperCase() })})
          </span>
        </Alert>
      ) : null}
      {error ? <Alert tone="error">{error}</Alert> : null}
      <fieldset>
        <legend className="mb-1 block text-sm font-medium text-stone-800">{t("type")}</legend>
        <div className="flex flex-wrap gap-2">
          {REDEMPTION_TYPES.map((value) => (
            <label
              key={value}
              className="flex items-center gap-2 rounded-md px-3 py-2 text-sm ring-1 ring-stone-200 hover:bg-stone-50 has-checked:ring-amber-600"
            >
              <input
                type="radio"
                name="redeem-type"
                value={value}
                checked={type === value}
                onChange={() => chooseType(value)}
                className="size-4 accent-amber-700"
              />
              {t(`types.${value}`)}
            </label>
          ))}
        </div>
      </fieldset>

      {type === "parking" ? (
        <Field
          id="redeem-hours"
          label={t("hours")}
          hint={t("hoursHint", { points: fmt(parkingPointsPerHour) })}
          error={errors.hours?.message}
        >
          <Input
            id="redeem-hours"
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_PARKING_HOURS}
            step={1}
            aria-invalid={!!errors.hours}
            {...form.register("hours", { valueAsNumber: true })}
          />
        </Field>
      ) : null}

      {type === "gift" ? (
        gifts.length === 0 ? (
          <p className="text-sm text-stone-500">{t("noGifts")}</p>
        ) : (
          <div className="grid gap-3 sm:grid-cols-[1fr_8rem]">
            <Field id="redeem-gift" label={t("gift")} error={errors.giftCode?.message}>
              <Select id="redeem-gift" aria-invalid={!!errors.giftCode} {...form.register("giftCode")}>
                <option value="">{t("chooseGift")}</option>
                {gifts.map((g) => (
                  <option key={g.code} value={g.code} disabled={g.stock === 0}>
                    {t("giftOption", { name: g.name, points: fmt(g.pointsCost), stock: g.stock })}
                  </option>
                ))}
              </Select>
            </Field>
            <Field id="redeem-quantity" label={t("quantity")} error={errors.quantity?.message}>
              <Input
                id="redeem-quantity"
                type="number"
                inputMode="numeric"
                min={1}
                max={MAX_GIFT_QUANTITY}
                step={1}
                aria-invalid={!!errors.quantity}
                {...form.register("quantity", { valueAsNumber: true })}
              />
            </Field>
          </div>
        )
      ) : null}

      {type === "cash_offset" ? (
        <Field
          id="redeem-points"
          label={t("cashPoints")}
          hint={t("cashPointsHint", { points: fmt(cashOffsetPointsPerYuan) })}
          error={errors.points?.message}
        >
          <Input
            id="redeem-points"
            type="number"
            inputMode="numeric"
            min={cashStep}
            step={cashStep}
            aria-invalid={!!errors.points}
            {...form.register("points", { valueAsNumber: true })}
          />
        </Field>
      ) : null}

      <dl
        className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 rounded-md bg-stone-50 px-3 py-2 text-sm"
        aria-live="polite"
      >
        <dt className="text-stone-500">{t("balanceNow")}</dt>
        <dd className="tabular-nums">{fmt(balance)}</dd>
        <dt className="text-stone-500">{t("cost")}</dt>
        <dd className="tabular-nums">{preview ? t("pointsValue", { points: fmt(preview.points) }) : "—"}</dd>
        {preview?.valueFen != null ? (
          <>
            <dt className="text-stone-500">{t("worth")}</dt>
            <dd className="tabular-nums">{formatFen(preview.valueFen, locale)}</dd>
          </>
        ) : null}
        <dt className="text-stone-500">{t("balanceAfter")}</dt>
        <dd className={insufficient ? "font-medium text-red-700 tabular-nums" : "tabular-nums"}>
          {preview ? fmt(balance - preview.points) : "—"}
        </dd>
      </dl>
      {insufficient ? (
        <Alert tone="warning">{t("insufficient", { short: fmt(preview!.points - balance) })}</Alert>
      ) : null}
      {shortOfStock ? <Alert tone="error">{t("shortOfStock", { stock: gift!.stock })}</Alert> : null}
      {notWholeFen ? <Alert tone="warning">{t("cashStep", { step: fmt(cashStep) })}</Alert> : null}

      <Button
        type="submit"
        variant="secondary"
        disabled={insufficient || shortOfStock || notWholeFen || (type === "gift" && gifts.length === 0)}
      >
        {t("review")}
      </Button>
    </form>
  );
}
