import Link from "next/link";
import { useTranslations } from "next-intl";
import { cn } from "@/components/ui/cn";

export type CalendarView = "day" | "week" | "list";

/**
 * Day · Week · List: the three views of the appointments, each link keeping the store (and day) in
 * view; then the waitlist and the handover for those who may use them.
 */
export function CalendarTabs({
  active,
  hrefs,
  canBook = false,
  canHandover = false,
}: {
  active: CalendarView;
  hrefs: Record<CalendarView, string>;
  canBook?: boolean;
  canHandover?: boolean;
}) {
  const t = useTranslations("appointmentCalendar");
  const labels: Record<CalendarView, string> = { day: t("tabDay"), week: t("tabWeek"), list: t("tabList") };
  const more = [
    ...(canBook ? [{ href: "/appointments/waitlist", label: t("tabWaitlist") }] : []),
    ...(canHandover ? [{ href: "/appointments/handover", label: t("tabHandover") }] : []),
  ];
  return (
    <div className="mb-4 flex flex-wrap items-center gap-2">
      <nav aria-label={t("views")} className="inline-flex rounded-lg bg-stone-100 p-1">
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
      {more.map((link) => (
        <Link
          key={link.href}
          href={link.href}
          className="inline-flex min-h-10 items-center rounded-md px-3 text-sm font-medium text-amber-800 hover:bg-amber-50 focus-visible:outline-2 focus-visible:outline-amber-600"
        >
          {link.label}
        </Link>
      ))}
    </div>
  );
}
