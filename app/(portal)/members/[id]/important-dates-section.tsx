import { getFormatter, getTranslations } from "next-intl/server";
import type { IMPORTANT_DATE_KINDS } from "@/lib/members/clienteling/schemas";
import { RemoveItemButton } from "./remove-item-button";

export type ImportantDateView = {
  id: string;
  kind: (typeof IMPORTANT_DATE_KINDS)[number];
  label: string | null;
  date: string;
};

/**
 * The member's important dates (a server component: its words never travel), with removal for
 * staff who may write (adding one is the card's dialog).
 */
export async function ImportantDatesSection({
  memberId,
  dates,
  canWrite,
}: {
  memberId: string;
  dates: ImportantDateView[];
  canWrite: boolean;
}) {
  const [t, format] = await Promise.all([getTranslations("members"), getFormatter()]);
  if (dates.length === 0) return <p className="py-2 text-sm text-stone-500">{t("importantDatesEmpty")}</p>;
  // Calendar dates, shown without any time-zone shift.
  const formatDay = (day: string) =>
    format.dateTime(new Date(`${day}T00:00:00Z`), { dateStyle: "medium", timeZone: "UTC" });
  return (
    <ul className="divide-y divide-stone-100 text-sm">
      {dates.map((d) => {
        const kind = t(`dateKinds.${d.kind}`);
        return (
          <li key={d.id} className="flex items-center justify-between gap-2 py-1.5">
            <span>
              <span className="font-medium">{d.label || kind}</span>
              {d.label ? <span className="ml-1 text-xs text-stone-500">{kind}</span> : null}
              <span className="ml-2 text-stone-600">{formatDay(d.date)}</span>
            </span>
            {canWrite ? (
              <RemoveItemButton
                list="date"
                memberId={memberId}
                id={d.id}
                label={t("remove")}
                ariaLabel={t("removeItem", { item: d.label || kind })}
              />
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
