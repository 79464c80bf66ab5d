import Link from "next/link";
import { useTranslations } from "next-intl";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import type { StoreSummary } from "@/lib/home/queries";

type Figure = { key: string; label: string; value: number; href: string; alert?: boolean };

/**
 * The manager's figures of the day for their stores, each opening its list. A figure the viewer
 * may not open (null) is left out. The full dashboard is to come (docs/domain.md#dashboards).
 */
export function StoreSummarySection({ summary }: { summary: StoreSummary }) {
  const t = useTranslations("home");
  const figures: (Figure | null)[] = [
    summary.appointmentsToday === null
      ? null
      : {
          key: "appointmentsToday",
          label: t("sections.storeSummary.appointmentsToday"),
          value: summary.appointmentsToday,
          href: "/appointments",
        },
    summary.tickets
      ? {
          key: "openTickets",
          label: t("sections.storeSummary.openTickets"),
          value: summary.tickets.open,
          href: "/after-sales",
        }
      : null,
    summary.tickets
      ? {
          key: "overdueTickets",
          label: t("sections.storeSummary.overdueTickets"),
          value: summary.tickets.overdue,
          href: "/after-sales?status=overdue",
          alert: true,
        }
      : null,
    summary.tickets
      ? {
          key: "readyForPickup",
          label: t("sections.storeSummary.readyForPickup"),
          value: summary.tickets.ready_for_pickup,
          href: "/after-sales?status=ready_for_pickup",
        }
      : null,
    summary.callsDue === null
      ? null
      : {
          key: "callsDue",
          label: t("sections.storeSummary.callsDue"),
          value: summary.callsDue,
          href: "/after-sales/calls",
        },
    summary.complaintsAtRisk === null
      ? null
      : {
          key: "complaintsAtRisk",
          label: t("sections.storeSummary.complaintsAtRisk"),
          value: summary.complaintsAtRisk,
          href: "/complaints?tab=at_risk",
          alert: true,
        },
    summary.complaintsBreached === null
      ? null
      : {
          key: "complaintsBreached",
          label: t("sections.storeSummary.complaintsBreached"),
          value: summary.complaintsBreached,
          href: "/complaints?tab=breached",
          alert: true,
        },
    summary.unassignedTasks === null
      ? null
      : {
          key: "unassignedTasks",
          label: t("sections.storeSummary.unassignedTasks"),
          value: summary.unassignedTasks,
          href: "/tasks?view=store&assignee=unassigned",
        },
  ];
  return (
    <div className="lg:col-span-2" data-testid="home-storeSummary">
      <Card title={t("sections.storeSummary.title")}>
        <ul className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          {figures
            .filter((figure): figure is Figure => figure !== null)
            .map((figure) => (
              <li key={figure.key}>
                <Link
                  href={figure.href}
                  data-testid={`home-figure-${figure.key}`}
                  className={cn(
                    "flex min-h-20 flex-col justify-between rounded-md px-3 py-2 ring-1 ring-inset hover:bg-stone-50",
                    figure.alert && figure.value > 0 ? "ring-amber-300" : "ring-stone-200",
                  )}
                >
                  <span className="text-xs text-stone-600">{figure.label}</span>
                  <span
                    className={cn(
                      "text-2xl font-semibold tabular-nums",
                      figure.alert && figure.value > 0 ? "text-amber-800" : "text-stone-900",
                    )}
                  >
                    {figure.value}
                  </span>
                </Link>
              </li>
            ))}
        </ul>
      </Card>
    </div>
  );
}
