import Link from "next/link";
import { useTranslations } from "next-intl";
import { cn } from "@/components/ui/cn";

export type CalendarView = "day" | "week" | "list";

/** Day · Week · List: the three views of the appointments, each link keeping the store (and day) in view. */
export function CalendarTabs({ active, hrefs }: { active: CalendarView; hrefs: Record<CalendarView, string> }) {
  const t = useTranslations("appointmentCalendar");
  const labels: Record<CalendarView, string> = { day: t("tabDay"), week: t("tabWeek"), list: t("tabList") };
  return (
    <nav aria-label={t("views")} className="mb-4 inline-flex rounded-lg bg-stone-100 p-1">
      {(["day", "week", "list"] as const).map((view) => (
        <Link
          key={view}
          href={hrefs[view]}
          aria-current={view === active ? "page" : undefined}
          className={cn(
            "inline-flex min-h-10 min-w-20 items-center justify-center rounded-md px-4 text-sm font-medium",
            "focus-visible:outline-2 focus-visible:outline-amber-600",
            view === active ? "bg-white text-stone-900 shadow-sm" : "text-stone-600 hover:text-stone-900",
          )}
        >
          {labels[view]}
        </Link>
      ))}
    </nav>
  );
}
