import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { Card } from "@/components/ui/card";
import { setupOverview } from "@/lib/appointments/setup/queries";
import { storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { setupHref, SetupTabs, type SetupTab } from "./setup-tabs";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("appointmentSetup");
  return { title: t("title") };
}

export default async function AppointmentSetupPage() {
  const me = await requirePermission("appointments.setup");
  const [overview, t] = await Promise.all([
    setupOverview(getDb(), storeScopeOf(me)),
    getTranslations("appointmentSetup"),
  ]);

  const sections: { tab: SetupTab; title: string; body: string; figure: string; warning?: string }[] = [
    {
      tab: "types",
      title: t("tabs.types"),
      body: t("overview.typesBody"),
      figure: t("overview.activeTypes", { count: overview.activeTypes }),
    },
    {
      tab: "rooms",
      title: t("tabs.rooms"),
      body: t("overview.roomsBody"),
      figure: t("overview.activeRooms", { count: overview.activeRooms }),
    },
    {
      tab: "hours",
      title: t("tabs.hours"),
      body: t("overview.hoursBody"),
      figure: t("overview.advisors", { count: overview.advisors }),
      warning:
        overview.advisorsWithoutHours > 0
          ? t("overview.advisorsWithoutHours", { count: overview.advisorsWithoutHours })
          : undefined,
    },
    {
      tab: "timeOff",
      title: t("tabs.timeOff"),
      body: t("overview.timeOffBody"),
      figure: t("overview.upcomingTimeOff", { count: overview.upcomingTimeOff }),
    },
    {
      tab: "closures",
      title: t("tabs.closures"),
      body: t("overview.closuresBody"),
      figure: t("overview.upcomingClosures", { count: overview.upcomingClosures }),
    },
  ];

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <SetupTabs current="overview" />
      <ul className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
        {sections.map((section) => (
          <li key={section.tab}>
            <Card title={section.title} className="h-full">
              <p className="text-sm text-stone-600">{section.body}</p>
              <p className="mt-3 text-lg font-semibold text-stone-900 tabular-nums">{section.figure}</p>
              {section.warning ? <p className="mt-1 text-sm text-amber-800">{section.warning}</p> : null}
              <Link
                href={setupHref(section.tab)}
                className="mt-3 inline-flex min-h-10 items-center text-sm font-medium text-amber-800 hover:underline"
              >
                {t("overview.open", { section: section.title })} →
              </Link>
            </Card>
          </li>
        ))}
      </ul>
    </>
  );
}
