"use client";

import { useTranslations } from "next-intl";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { removeMemberImportantDateAction } from "@/lib/members/clienteling/actions";
import type { IMPORTANT_DATE_KINDS } from "@/lib/members/clienteling/schemas";
import { Empty, useFormatDay, useRemove } from "./section-helpers";

export type ImportantDateView = {
  id: string;
  kind: (typeof IMPORTANT_DATE_KINDS)[number];
  label: string | null;
  date: string;
};

/** The member's important dates, with removal for staff who may write (adding one is the card's dialog). */
export function ImportantDatesSection({
  memberId,
  dates,
  canWrite,
}: {
  memberId: string;
  dates: ImportantDateView[];
  canWrite: boolean;
}) {
  const t = useTranslations("members");
  const formatDay = useFormatDay();
  const { pending, error, remove } = useRemove();
  return (
    <div className="space-y-3">
      {error ? <Alert tone="error">{error}</Alert> : null}
      {dates.length === 0 ? (
        <Empty>{t("importantDatesEmpty")}</Empty>
      ) : (
        <ul className="divide-y divide-stone-100 text-sm">
          {dates.map((d) => (
            <li key={d.id} className="flex items-center justify-between gap-2 py-1.5">
              <span>
                <span className="font-medium">{d.label || t(`dateKinds.${d.kind}`)}</span>
                {d.label ? <span className="ml-1 text-xs text-stone-500">{t(`dateKinds.${d.kind}`)}</span> : null}
                <span className="ml-2 text-stone-600">{formatDay(d.date)}</span>
              </span>
              {canWrite ? (
                <Button
                  variant="ghost"
                  size="sm"
                  pending={pending}
                  onClick={() => remove(() => removeMemberImportantDateAction({ memberId, id: d.id }))}
                  aria-label={t("removeItem", { item: d.label || t(`dateKinds.${d.kind}`) })}
                >
                  {t("remove")}
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
