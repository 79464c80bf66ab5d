"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Controller, useForm, useWatch } from "react-hook-form";
import { Field } from "@/components/form/field";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input, Select } from "@/components/ui/input";
import type { CardMemberMatch } from "@/lib/loyalty/stored-value/queries";
import { findCardMemberAction, issueCardAction } from "@/lib/loyalty/stored-value/actions";
import {
  issueCardSchema,
  topUpBonusFor,
  type IssueCardInput,
  type IssueCardValues,
  type TopUpBonusRule,
} from "@/lib/loyalty/stored-value/schemas";
import { formatFen } from "@/lib/money";
import { YuanInput } from "@/components/form/yuan-input";
import { BonusShown } from "../bonus-shown";
import { ExtraBonusFields } from "../extra-bonus-fields";

type Props = {
  stores: { id: string; label: string }[];
  /** The member to issue to, when the page was opened from their 360° view. */
  holder: CardMemberMatch | null;
  /** The top-up bonus rule in force when the page was rendered: the bonus is the rule's, never typed. */
  bonusRule: TopUpBonusRule;
};

export function IssueCardForm({ stores, holder, bonusRule }: Props) {
  const t = useTranslations("storedValue");
  const tCommon = useTranslations("common");
  const locale = useLocale();
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [member, setMember] = useState<CardMemberMatch | null>(holder);
  const [lookup, setLookup] = useState("");
  const [matches, setMatches] = useState<CardMemberMatch[] | null>(null);
  const [lookupError, setLookupError] = useState<string>();
  const [searching, startSearch] = useTransition();
  const form = useForm<IssueCardInput, unknown, IssueCardValues>({
    resolver: zodResolver(issueCardSchema, { error: useZodErrorMap() }),
    defaultValues: {
      storeId: stores[0]?.id ?? "",
      memberId: holder?.id ?? null,
      cardNo: "",
      initialTopUpFen: null,
      extraBonusFen: null,
      extraBonusReason: "",
    },
  });
  const { errors, isSubmitting } = form.formState;
  const topUpFen = useWatch({ control: form.control, name: "initialTopUpFen" }) ?? 0;
  const bonusFen = topUpBonusFor(bonusRule, topUpFen);
  // Undefined while the field is empty: the input stays blank instead of showing ¥0.00.
  const extraWatched = useWatch({ control: form.control, name: "extraBonusFen" });
  const extraFen = extraWatched ?? 0;

  const choose = (next: CardMemberMatch | null) => {
    setMember(next);
    form.setValue("memberId", next?.id ?? null);
    setMatches(null);
  };

  const search = () =>
    startSearch(async () => {
      setLookupError(undefined);
      const result = await findCardMemberAction({ query: lookup });
      if (!result.ok) {
        setMatches(null);
        setLookupError(result.code === "validation" ? t("lookupTooShort") : result.message);
        return;
      }
      setMatches(result.data);
    });

  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    // The bonus shown goes along: the server refuses it if the rule has changed since.
    const result = await issueCardAction({
      ...values,
      bonusFen: topUpBonusFor(bonusRule, values.initialTopUpFen ?? 0),
    });
    if (!result.ok) return setError(applyServerErrors(result, form.setError));
    router.push(
      `/loyalty/cards/${result.data.cardId}?done=${result.data.extraBonus ? "issuedBonusPending" : "issued"}`,
    );
  });

  if (stores.length === 0) return <Alert tone="warning">{t("noStores")}</Alert>;

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Card title={t("holder")}>
        {member ? (
          <div
            className="flex flex-wrap items-center justify-between gap-3 rounded-md bg-stone-50 px-3 py-2 ring-1 ring-stone-200"
            data-testid="card-holder"
          >
            <span className="text-sm">
              <span className="font-medium">{member.maskedName}</span>{" "}
              <span className="text-stone-500">{member.maskedPhone}</span>{" "}
              <span className="font-mono text-xs text-stone-500">{member.storeCode}</span>
            </span>
            <Button variant="ghost" size="sm" onClick={() => choose(null)}>
              {t("removeHolder")}
            </Button>
          </div>
        ) : (
          <div className="space-y-3">
            <p className="text-sm text-stone-600">{t("holderHint")}</p>
            <div className="flex flex-wrap items-end gap-2">
              <div className="min-w-56 flex-1">
                <Field id="holder-lookup" label={t("lookupLabel")} error={lookupError}>
                  <Input
                    id="holder-lookup"
                    type="search"
                    inputMode="tel"
                    value={lookup}
                    placeholder={t("lookupPlaceholder")}
                    onChange={(e) => setLookup(e.target.value)}
                    onKeyDown={(e) => {
                      if (e.key === "Enter") {
                        e.preventDefault();
                        search();
                      }
                    }}
                  />
                </Field>
              </div>
              <Button variant="secondary" onClick={search} pending={searching}>
                {t("lookup")}
              </Button>
            </div>
            {matches !== null ? (
              matches.length === 0 ? (
                <p className="text-sm text-stone-500">{t("lookupNone")}</p>
              ) : (
                <ul className="divide-y divide-stone-100 rounded-md ring-1 ring-stone-200">
                  {matches.map((m) => (
                    <li key={m.id} className="flex items-center justify-between gap-3 px-3 py-2 text-sm">
                      <span>
                        <span className="font-medium">{m.maskedName}</span>{" "}
                        <span className="text-stone-500">{m.maskedPhone}</span>{" "}
                        <span className="font-mono text-xs text-stone-500">{m.storeCode}</span>
                      </span>
                      <Button size="sm" variant="secondary" onClick={() => choose(m)}>
                        {t("chooseHolder")}
                      </Button>
                    </li>
                  ))}
                </ul>
              )
            ) : null}
          </div>
        )}
      </Card>

      <Card title={t("cardSection")}>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="storeId" label={t("store")} error={errors.storeId?.message}>
            <Select id="storeId" aria-invalid={!!errors.storeId} {...form.register("storeId")}>
              {stores.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="cardNo" label={t("cardNo")} hint={t("cardNoHint")} error={errors.cardNo?.message}>
            <Input
              id="cardNo"
              autoCapitalize="characters"
              autoComplete="off"
              className="font-mono"
              aria-invalid={!!errors.cardNo}
              {...form.register("cardNo")}
            />
          </Field>
        </div>
      </Card>

      <Card title={t("initialTopUp")}>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            id="initialTopUpFen"
            label={t("topUpAmount")}
            hint={t("initialTopUpHint")}
            error={errors.initialTopUpFen?.message}
          >
            <Controller
              control={form.control}
              name="initialTopUpFen"
              render={({ field }) => (
                <YuanInput
                  id="initialTopUpFen"
                  aria-invalid={!!errors.initialTopUpFen}
                  value={field.value}
                  onChange={(fen) => field.onChange(fen ?? null)}
                />
              )}
            />
          </Field>
          <Field id="bonusFen" label={t("bonusAmount")} hint={t("bonusHint")} error={errors.bonusFen?.message}>
            <BonusShown id="bonusFen" rule={bonusRule} bonusFen={bonusFen} />
          </Field>
        </div>
        <div className="mt-4">
          <ExtraBonusFields
            idPrefix="issue"
            amountFen={extraWatched}
            onAmountChange={(fen) =>
              form.setValue("extraBonusFen", fen ?? null, { shouldValidate: form.formState.isSubmitted })
            }
            reason={form.register("extraBonusReason")}
            errors={{ amount: errors.extraBonusFen?.message, reason: errors.extraBonusReason?.message }}
          />
        </div>
        {topUpFen > 0 ? (
          <p className="mt-3 text-sm text-stone-600">
            {t("startingBalance", { amount: formatFen(topUpFen + bonusFen, locale) })}
            {extraFen > 0 ? <> {t("extraBonusPending", { amount: formatFen(extraFen, locale) })}</> : null}
          </p>
        ) : null}
      </Card>

      <div className="flex gap-2">
        <Button type="submit" pending={isSubmitting}>
          {t("issue")}
        </Button>
        <Link href="/loyalty/cards" className={buttonClasses("secondary")}>
          {tCommon("cancel")}
        </Link>
      </div>
    </form>
  );
}
