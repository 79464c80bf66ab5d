"use client";

import { useFormatter, useLocale, useTranslations } from "next-intl";
import { Select } from "@/components/ui/input";
import type { MemberPurchase } from "@/lib/after-sales/passports/queries";
import { formatFen } from "@/lib/money";

export type ChosenLine = { purchase: MemberPurchase; line: MemberPurchase["lines"][number] };

/**
 * The member's purchase lines to register a piece from: each line with its purchase's date and
 * receipt, its amount, and how many of it are registered (a fully registered line cannot be chosen).
 */
export function PurchaseLineSelect({
  id,
  purchases,
  value,
  onChange,
  invalid,
}: {
  id: string;
  purchases: MemberPurchase[];
  value: string;
  onChange: (chosen: ChosenLine | null) => void;
  invalid?: boolean;
}) {
  const t = useTranslations("afterSalesIntake");
  const format = useFormatter();
  const locale = useLocale();
  return (
    <Select
      id={id}
      value={value}
      aria-invalid={invalid}
      onChange={(e) => {
        for (const purchase of purchases) {
          const line = purchase.lines.find((candidate) => candidate.id === e.target.value);
          if (line) return onChange({ purchase, line });
        }
        onChange(null);
      }}
    >
      <option value="">{t("item.noPurchase")}</option>
      {purchases.map((purchase) => (
        <optgroup
          key={purchase.id}
          label={`${format.dateTime(new Date(purchase.occurredAt), { dateStyle: "medium", timeZone: purchase.timeZone })} · ${purchase.externalId}`}
        >
          {purchase.lines.map((line) => {
            const full = line.registered >= Math.max(1, line.quantity);
            return (
              <option key={line.id} value={line.id} disabled={full && line.id !== value}>
                {`${line.name} ×${line.quantity} · ${formatFen(line.amountFen, locale)}`}
                {line.registered > 0 ? ` · ${t("item.registeredCount", { count: line.registered })}` : ""}
              </option>
            );
          })}
        </optgroup>
      ))}
    </Select>
  );
}
