"use client";

import { useTranslations } from "next-intl";

/** A tier code in the staff member's language (the loyalty programme's names); null is "every member". */
export function useTierLabel() {
  const tTiers = useTranslations("loyaltyTiers");
  const t = useTranslations("appointmentSetup.types");
  return (code: string | null) => {
    if (code === null) return t("tierAll");
    return tTiers.has(`tiers.${code}`) ? tTiers(`tiers.${code}`) : code;
  };
}
