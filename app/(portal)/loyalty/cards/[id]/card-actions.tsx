"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition, type ReactNode } from "react";
import { Controller, useForm, useWatch } from "react-hook-form";
import { Field } from "@/components/form/field";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Input } from "@/components/ui/input";
import { ExtraBonusFields } from "../extra-bonus-fields";
import type { ActionResult } from "@/lib/actions/result";
import {
  freezeCardAction,
  refundPrincipalAction,
  reissueCardAction,
  topUpCardAction,
  unfreezeCardAction,
} from "@/lib/loyalty/stored-value/actions";
import {
  topUpBonusFor,
  topUpSchema,
  type CardStatus,
  type TopUpBonusRule,
  type TopUpInput,
  type TopUpValues,
} from "@/lib/loyalty/stored-value/schemas";
import { formatFen } from "@/lib/money";
import { YuanInput } from "@/components/form/yuan-input";
import { BonusShown } from "../bonus-shown";

type CardActionsProps = {
  cardId: string;
  cardNo: string;
  status: CardStatus;
  principalFen: number;
  bonusFen: number;
  /** The top-up bonus rule in force when the page was rendered: the bonus is the rule's, never typed. */
  bonusRule: TopUpBonusRule;
  /** Shown only with loyalty.cards.refund; the server checks it again. */
  canRefund: boolean;
};

function Section({ hint, children }: { hint?: ReactNode; children: ReactNode }) {
  return (
    <div className="space-y-2 border-t border-stone-200 pt-4 first:border-t-0 first:pt-0">
      {hint ? <p className="text-sm text-stone-600">{hint}</p> : null}
      {children}
    </div>
  );
}

/** Top-up, freeze / unfreeze, reissue and principal refund for one card, each with its own confirmation. */
export function CardActions({
  cardId,
  cardNo,
  status,
  principalFen,
  bonusFen,
  bonusRule,
  canRefund,
}: CardActionsProps) {
  const t = useTranslations("storedValue");
  const tCommon = useTranslations("common");
  const locale = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();

  const run = <T,>(action: () => Promise<ActionResult<T>>, onOk: (data: T) => void) =>
    startTransition(async () => {
      setError(undefined);
      setNotice(undefined);
      const result = await action();
      if (!result.ok) return setError(result.message);
      onOk(result.data);
      router.refresh();
    });

  if (status === "replaced" || status === "closed") {
    return (
      <div className="space-y-4">
        {notice ? <Alert tone="success">{notice}</Alert> : null}
        <p className="text-sm text-stone-600">{t(status === "replaced" ? "noActionsReplaced" : "noActionsClosed")}</p>
      </div>
    );
  }

  return (
    <div className="space-y-4">
      {error ? <Alert tone="error">{error}</Alert> : null}
      {notice ? <Alert tone="success">{notice}</Alert> : null}

      {status === "active" ? (
        <Section>
          <TopUpForm cardId={cardId} bonusRule={bonusRule} onDone={(text) => setNotice(text)} />
        </Section>
      ) : null}

      <Section hint={status === "active" ? t("freezeHint") : t("unfreezeHint")}>
        {status === "active" ? (
          <ConfirmDialog
            trigger={t("freeze")}
            triggerVariant="danger"
            title={t("freezeConfirmTitle", { cardNo })}
            body={t("freezeConfirmBody")}
            confirmLabel={t("freeze")}
            cancelLabel={tCommon("cancel")}
            pending={pending}
            onConfirm={() =>
              run(
                () => freezeCardAction({ cardId }),
                () => setNotice(t("done.frozen")),
              )
            }
          />
        ) : (
          <ConfirmDialog
            trigger={t("unfreeze")}
            title={t("unfreezeConfirmTitle", { cardNo })}
            body={t("unfreezeConfirmBody")}
            confirmLabel={t("unfreeze")}
            cancelLabel={tCommon("cancel")}
            confirmVariant="primary"
            pending={pending}
            onConfirm={() =>
              run(
                () => unfreezeCardAction({ cardId }),
                () => setNotice(t("done.unfrozen")),
              )
            }
          />
        )}
      </Section>

      <Section hint={t("reissueHint")}>
        <ReissueControl
          cardNo={cardNo}
          balanceText={formatFen(principalFen + bonusFen, locale)}
          pending={pending}
          onConfirm={(newCardNo) =>
            run(
              () => reissueCardAction({ cardId, newCardNo }),
              (data) => router.push(`/loyalty/cards/${data.cardId}?done=reissued`),
            )
          }
        />
      </Section>

      {canRefund ? (
        <Section hint={t("refundHint")}>
          <RefundPrincipalControl
            cardNo={cardNo}
            principalFen={principalFen}
            bonusFen={bonusFen}
            pending={pending}
            onConfirm={(amountFen) =>
              run(
                () => refundPrincipalAction({ cardId, amountFen }),
                (data) =>
                  setNotice(
                    t(data.closed ? "done.refundedClosed" : "done.refunded", {
                      amount: formatFen(data.refundedFen, locale),
                    }),
                  ),
              )
            }
          />
        </Section>
      ) : null}
    </div>
  );
}

function TopUpForm({
  cardId,
  bonusRule,
  onDone,
}: {
  cardId: string;
  bonusRule: TopUpBonusRule;
  onDone: (text: string) => void;
}) {
  const t = useTranslations("storedValue");
  const locale = useLocale();
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [resetKey, setResetKey] = useState(0);
  const empty = { cardId, amountFen: undefined as unknown as number, extraBonusFen: undefined, extraBonusReason: "" };
  const form = useForm<TopUpInput, unknown, TopUpValues>({
    resolver: zodResolver(topUpSchema, { error: useZodErrorMap() }),
    defaultValues: empty,
  });
  const { errors, isSubmitting } = form.formState;
  const amount = useWatch({ control: form.control, name: "amountFen" });
  // Undefined while the field is empty: the input stays blank instead of showing ¥0.00.
  const extraWatched = useWatch({ control: form.control, name: "extraBonusFen" });
  const extraFen = extraWatched ?? 0;
  const bonus = topUpBonusFor(bonusRule, amount ?? 0);

  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    // The bonus shown goes along: the server refuses it if the rule has changed since.
    const bonusFen = topUpBonusFor(bonusRule, values.amountFen);
    const result = await topUpCardAction({ ...values, bonusFen });
    if (!result.ok) return setError(applyServerErrors(result, form.setError));
    const done = {
      amount: formatFen(values.amountFen + bonusFen, locale),
      balance: formatFen(result.data.balanceFen, locale),
    };
    const pending = result.data.extraBonus;
    onDone(
      pending
        ? t("done.toppedUpBonusPending", { ...done, extra: formatFen(pending.amountFen, locale) })
        : t("done.toppedUp", done),
    );
    form.reset(empty);
    setResetKey((k) => k + 1);
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3" aria-label={t("topUp")}>
      <h3 className="text-sm font-semibold text-stone-900">{t("topUp")}</h3>
      {error ? <Alert tone="error">{error}</Alert> : null}
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id="topup-amount" label={t("topUpAmount")} error={errors.amountFen?.message}>
          <Controller
            control={form.control}
            name="amountFen"
            render={({ field }) => (
              <YuanInput
                key={resetKey}
                id="topup-amount"
                aria-invalid={!!errors.amountFen}
                value={field.value}
                onChange={(fen) => field.onChange(fen)}
              />
            )}
          />
        </Field>
        <Field id="topup-bonus" label={t("bonusAmount")} hint={t("bonusHint")} error={errors.bonusFen?.message}>
          <BonusShown id="topup-bonus" rule={bonusRule} bonusFen={bonus} />
        </Field>
      </div>
      <ExtraBonusFields
        key={resetKey}
        idPrefix="topup"
        amountFen={extraWatched}
        onAmountChange={(fen) => form.setValue("extraBonusFen", fen, { shouldValidate: form.formState.isSubmitted })}
        reason={form.register("extraBonusReason")}
        errors={{ amount: errors.extraBonusFen?.message, reason: errors.extraBonusReason?.message }}
      />
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" pending={isSubmitting}>
          {t("topUp")}
        </Button>
        {amount > 0 ? (
          <span className="text-sm text-stone-600">
            {t("topUpTotal", { amount: formatFen(amount + bonus, locale) })}
            {extraFen > 0 ? <> {t("extraBonusPending", { amount: formatFen(extraFen, locale) })}</> : null}
          </span>
        ) : null}
      </div>
    </form>
  );
}

function ReissueControl({
  cardNo,
  balanceText,
  pending,
  onConfirm,
}: {
  cardNo: string;
  balanceText: string;
  pending: boolean;
  onConfirm: (newCardNo: string) => void;
}) {
  const t = useTranslations("storedValue");
  const tCommon = useTranslations("common");
  const [newCardNo, setNewCardNo] = useState("");
  return (
    <div className="space-y-2">
      <Field id="reissue-card-no" label={t("newCardNo")} hint={t("cardNoHint")}>
        <Input
          id="reissue-card-no"
          className="font-mono"
          autoCapitalize="characters"
          autoComplete="off"
          value={newCardNo}
          onChange={(e) => setNewCardNo(e.target.value)}
        />
      </Field>
      <ConfirmDialog
        trigger={t("reissue")}
        title={t("reissueConfirmTitle", { cardNo })}
        body={t("reissueConfirmBody", { balance: balanceText, newCardNo: newCardNo.trim() || t("generatedNumber") })}
        confirmLabel={t("reissue")}
        cancelLabel={tCommon("cancel")}
        confirmVariant="primary"
        pending={pending}
        onConfirm={() => onConfirm(newCardNo.trim())}
      />
    </div>
  );
}

function RefundPrincipalControl({
  cardNo,
  principalFen,
  bonusFen,
  pending,
  onConfirm,
}: {
  cardNo: string;
  principalFen: number;
  bonusFen: number;
  pending: boolean;
  onConfirm: (amountFen: number) => void;
}) {
  const t = useTranslations("storedValue");
  const tCommon = useTranslations("common");
  const locale = useLocale();
  const [amountFen, setAmountFen] = useState<number>();
  const [key, setKey] = useState(0);
  if (principalFen <= 0) return <p className="text-sm text-stone-500">{t("noPrincipal")}</p>;
  const tooMuch = amountFen !== undefined && amountFen > principalFen;
  const valid = amountFen !== undefined && amountFen > 0 && !tooMuch;
  const closes = valid && amountFen === principalFen;
  return (
    <div className="space-y-2">
      <Field
        id="refund-amount"
        label={t("refundAmount")}
        hint={t("refundable", { amount: formatFen(principalFen, locale) })}
        error={tooMuch ? t("refundTooMuch", { amount: formatFen(principalFen, locale) }) : undefined}
      >
        <YuanInput key={key} id="refund-amount" aria-invalid={tooMuch} value={amountFen} onChange={setAmountFen} />
      </Field>
      {valid ? (
        <ConfirmDialog
          trigger={t("refundPrincipal")}
          triggerVariant="danger"
          title={t("refundConfirmTitle", { cardNo })}
          body={
            <div className="space-y-2">
              <p>{t("refundConfirmBody", { amount: formatFen(amountFen, locale) })}</p>
              {closes ? (
                <p className="font-medium text-red-800">
                  {t("refundClosesCard", { bonus: formatFen(bonusFen, locale) })}
                </p>
              ) : null}
            </div>
          }
          confirmLabel={t("refundConfirm", { amount: formatFen(amountFen, locale) })}
          cancelLabel={tCommon("cancel")}
          pending={pending}
          onConfirm={() => {
            onConfirm(amountFen);
            setAmountFen(undefined);
            setKey((k) => k + 1);
          }}
        />
      ) : (
        <Button variant="danger" size="sm" disabled>
          {t("refundPrincipal")}
        </Button>
      )}
    </div>
  );
}
