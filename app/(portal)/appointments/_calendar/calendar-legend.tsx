import { useLocale, useTranslations } from "next-intl";
import { cn } from "@/components/ui/cn";
import type { CalendarClosure } from "@/lib/appointments/calendar/queries";
import { APPOINTMENT_STATUSES } from "@/lib/appointments/calendar/schemas";
import { dateTimeFormat } from "@/lib/i18n/date-format";
import { STATUS_SWATCH } from "./status-style";

/** The legend's swatches of the grid's backgrounds. */
const CELL_SWATCH: Record<"outside" | "off" | "closed", string> = {
  outside: "bg-stone-100",
  off: "bg-[repeating-linear-gradient(135deg,var(--color-stone-200)_0_6px,var(--color-stone-100)_6px_12px)]",
  closed: "bg-[repeating-linear-gradient(135deg,var(--color-stone-300)_0_6px,var(--color-stone-200)_6px_12px)]",
};

/** What the colours mean. */
export function CalendarLegend() {
  const t = useTranslations("appointmentCalendar");
  return (
    <ul className="mt-3 flex flex-wrap gap-x-4 gap-y-2 text-xs text-stone-600" aria-label={t("legend")}>
      {APPOINTMENT_STATUSES.map((status) => (
        <li key={status} className="flex items-center gap-1.5">
          <span aria-hidden className={cn("size-3.5 rounded-sm ring-2 ring-inset", STATUS_SWATCH[status])} />
          {t(`status.${status}`)}
        </li>
      ))}
      <li className="flex items-center gap-1.5">
        <span aria-hidden className="size-3.5 rounded-sm border-l-4 border-dashed border-sky-300 bg-sky-50/60" />
        {t("buffer")}
      </li>
      <li className="flex items-center gap-1.5">
        <span aria-hidden className={cn("size-3.5 rounded-sm ring-1 ring-stone-300", CELL_SWATCH.outside)} />
        {t("outsideHours")}
      </li>
      <li className="flex items-center gap-1.5">
        <span aria-hidden className={cn("size-3.5 rounded-sm ring-1 ring-stone-300", CELL_SWATCH.off)} />
        {t("timeOff")}
      </li>
      <li className="flex items-center gap-1.5">
        <span aria-hidden className={cn("size-3.5 rounded-sm ring-1 ring-stone-300", CELL_SWATCH.closed)} />
        {t("closed")}
      </li>
    </ul>
  );
}

/** The store's closures touching the period shown, with their reasons. */
export function ClosureNotes({ closures, timeZone }: { closures: CalendarClosure[]; timeZone: string }) {
  const t = useTranslations("appointmentCalendar");
  const locale = useLocale();
  if (closures.length === 0) return null;
  const format = dateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone });
  return (
    <ul className="mb-3 space-y-1 rounded-md bg-stone-100 px-3 py-2 text-sm text-stone-800">
      {closures.map((closure) => (
        <li key={`${closure.startsAt.toISOString()}-${closure.endsAt.toISOString()}`}>
          {t("closureNote", {
            period: format.formatRange(closure.startsAt, closure.endsAt),
            reason: closure.reason || "—",
          })}
        </li>
      ))}
    </ul>
  );
}
