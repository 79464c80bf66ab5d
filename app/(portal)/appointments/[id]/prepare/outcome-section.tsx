"use client";

import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { linkPurchaseAction, unlinkPurchaseAction } from "@/lib/appointments/preparation/actions";
import { formatFen } from "@/lib/money";
import { useFailureMessage } from "./picks-section";

export type OutcomePurchaseView = {
  id: string;
  externalId: string;
  occurredAt: Date;
  totalPaidFen: number;
  refundedFen: number;
  items: string;
  linked: boolean;
};

/**
 * The visit's outcome: the member's purchases at the store on the visit's day and the next, each
 * with a tick box that links it to this visit or unlinks it, and the total attributed. A purchase
 * another visit holds is not offered; one taken meanwhile is refused by the server (conflict).
 */
export function OutcomeSection({
  appointmentId,
  purchases,
  attributedTotalFen,
  window,
  timeZone,
  canEdit,
}: {
  appointmentId: string;
  purchases: OutcomePurchaseView[];
  attributedTotalFen: number;
  /** Store-local days (yyyy-MM-dd). */
  window: { from: string; to: string };
  timeZone: string;
  /** appointments.book and a visit that took place. */
  canEdit: boolean;
}) {
  const t = useTranslations("visitPreparation");
  const format = useFormatter();
  const locale = useLocale();
  const router = useRouter();
  const failureMessage = useFailureMessage();
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const day = (value: string) =>
    format.dateTime(new Date(`${value}T00:00:00Z`), { dateStyle: "medium", timeZone: "UTC" });

  const toggle = (transactionId: string, link: boolean) =>
    startTransition(async () => {
      setError(undefined);
      const result = await (link ? linkPurchaseAction : unlinkPurchaseAction)({ appointmentId, transactionId });
      if (!result.ok) setError(failureMessage(result));
      // Refresh either way: a purchase another visit just took leaves the list.
      router.refresh();
    });

  return (
    <div className="space-y-3 text-sm" data-testid="visit-outcome">
      <p className="text-stone-600">{t("outcomeHint", { from: day(window.from), to: day(window.to) })}</p>
      {error ? <Alert tone="error">{error}</Alert> : null}
      {purchases.length === 0 ? (
        <p className="py-2 text-stone-500">{t("outcomeEmpty")}</p>
      ) : (
        <ul className="divide-y divide-stone-100">
          {purchases.map((purchase) => (
            <li key={purchase.id} className="py-1">
              <label className="flex min-h-11 cursor-pointer items-center gap-3 rounded-md px-1 hover:bg-stone-50">
                <input
                  type="checkbox"
                  className="size-5 shrink-0 accent-amber-700"
                  checked={purchase.linked}
                  disabled={!canEdit || pending}
                  aria-label={t("linkPurchase", { number: purchase.externalId })}
                  onChange={(event) => toggle(purchase.id, event.target.checked)}
                />
                <span className="min-w-0 flex-1">
                  <span className="block">
                    <span className="tabular-nums">
                      {format.dateTime(purchase.occurredAt, { dateStyle: "short", timeStyle: "short", timeZone })}
                    </span>
                    <span className="ml-2 font-mono text-xs text-stone-500">{purchase.externalId}</span>
                  </span>
                  {purchase.items ? <span className="block truncate text-stone-600">{purchase.items}</span> : null}
                </span>
                <span className="shrink-0 text-right tabular-nums">
                  {formatFen(purchase.totalPaidFen, locale)}
                  {purchase.refundedFen < 0 ? (
                    <span className="block text-xs text-red-700">
                      {t("refunded", { amount: formatFen(-purchase.refundedFen, locale) })}
                    </span>
                  ) : null}
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
      <p className="border-t border-stone-100 pt-2 font-medium text-stone-900" data-testid="attributed-total">
        {t("attributedTotal", { amount: formatFen(attributedTotalFen, locale) })}
      </p>
    </div>
  );
}
