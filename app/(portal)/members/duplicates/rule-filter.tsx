"use client";

import { useTranslations } from "next-intl";
import { FilterBar } from "@/components/data-table/filter-bar";
import type { DuplicateRule } from "@/lib/members/duplicates/queries";

export function RuleFilter({ rules }: { rules: DuplicateRule[] }) {
  const t = useTranslations("memberPrivacy.duplicates");
  return (
    <FilterBar
      filters={[
        {
          type: "select",
          name: "rule",
          label: t("rule"),
          options: rules.map((rule) => ({ value: rule, label: t(`rules.${rule}`) })),
        },
      ]}
    />
  );
}
