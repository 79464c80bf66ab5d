"use client";

import { useTranslations } from "next-intl";
import { useUrlParams } from "@/components/data-table/use-url-params";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Input, Select } from "@/components/ui/input";
import { BUSINESS_DAY_MAX, BUSINESS_DAY_MIN, isBusinessDay, shiftDay } from "@/lib/time";

type Option = { id: string; label: string };

/**
 * The calendars' controls, written to the URL: store, advisor (week view), the day with
 * previous / today / next, and whether cancelled visits show. The page re-renders on the server.
 */
export function CalendarToolbar({
  view,
  stores,
  storeId,
  advisors,
  advisorId,
  date,
  today,
  periodLabel,
  showsToday,
  showCancelled,
}: {
  view: "day" | "week";
  stores: Option[];
  storeId: string;
  /** The week view's advisor picker. */
  advisors?: Option[];
  advisorId?: string;
  /** The store-local day shown (yyyy-MM-dd). */
  date: string;
  /** Today in the store's time zone. */
  today: string;
  /** The day or week shown, formatted by the page. */
  periodLabel: string;
  /** Whether today is in the period shown (the "today" button has nothing to do). */
  showsToday: boolean;
  showCancelled: boolean;
}) {
  const t = useTranslations("appointmentCalendar");
  const { setParams, pending } = useUrlParams();
  const step = view === "day" ? 1 : 7;
  const previous = shiftDay(date, { days: -step });
  const next = shiftDay(date, { days: step });
  const go = (day: string) => setParams({ date: day === today ? null : day }, { resetPage: false });

  return (
    <div
      className={cn("mb-3 flex flex-wrap items-end gap-3 transition-opacity", pending && "opacity-60")}
      aria-busy={pending}
    >
      {stores.length > 1 ? (
        <label className="flex min-w-48 flex-col gap-1 text-xs font-medium text-stone-600">
          {t("store")}
          <Select
            value={storeId}
            // Another store has other advisors: the week view picks its default advisor again.
            onChange={(e) => setParams({ store: e.target.value, advisor: null }, { resetPage: false })}
          >
            {stores.map((store) => (
              <option key={store.id} value={store.id}>
                {store.label}
              </option>
            ))}
          </Select>
        </label>
      ) : null}
      {advisors ? (
        <label className="flex min-w-48 flex-col gap-1 text-xs font-medium text-stone-600">
          {t("advisor")}
          <Select value={advisorId} onChange={(e) => setParams({ advisor: e.target.value }, { resetPage: false })}>
            {advisors.map((advisor) => (
              <option key={advisor.id} value={advisor.id}>
                {advisor.label}
              </option>
            ))}
          </Select>
        </label>
      ) : null}
      <div className="flex flex-col gap-1 text-xs font-medium text-stone-600">
        <span id="calendar-period">{view === "day" ? t("date") : t("week")}</span>
        <div className="flex items-center gap-1" role="group" aria-labelledby="calendar-period">
          <Button
            variant="secondary"
            className="min-w-10"
            aria-label={view === "day" ? t("previousDay") : t("previousWeek")}
            title={view === "day" ? t("previousDay") : t("previousWeek")}
            disabled={!isBusinessDay(previous)}
            onClick={() => go(previous)}
          >
            <span aria-hidden>‹</span>
          </Button>
          <Input
            type="date"
            aria-label={view === "day" ? t("date") : t("week")}
            className="w-40"
            min={BUSINESS_DAY_MIN}
            max={BUSINESS_DAY_MAX}
            value={date}
            onChange={(e) => {
              if (isBusinessDay(e.target.value)) go(e.target.value);
            }}
          />
          <Button
            variant="secondary"
            className="min-w-10"
            aria-label={view === "day" ? t("nextDay") : t("nextWeek")}
            title={view === "day" ? t("nextDay") : t("nextWeek")}
            disabled={!isBusinessDay(next)}
            onClick={() => go(next)}
          >
            <span aria-hidden>›</span>
          </Button>
          <Button variant="ghost" disabled={showsToday} onClick={() => go(today)}>
            {view === "day" ? t("today") : t("thisWeek")}
          </Button>
        </div>
      </div>
      <label className="flex min-h-10 cursor-pointer items-center gap-2 self-end text-sm text-stone-700">
        <input
          type="checkbox"
          className="size-5 rounded border-stone-300 accent-amber-700"
          checked={showCancelled}
          onChange={(e) => setParams({ cancelled: e.target.checked ? "1" : null }, { resetPage: false })}
        />
        {t("showCancelled")}
      </label>
      <p className="min-h-10 self-end py-2 text-sm font-medium text-stone-800" aria-live="polite">
        {periodLabel}
      </p>
    </div>
  );
}
