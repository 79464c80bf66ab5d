import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { loadHome } from "@/lib/home/queries";
import { listStoresInScope } from "@/lib/stores/queries";
import { DEFAULT_TIME_ZONE, shiftDay, todayIn } from "@/lib/time";
import {
  AdvisorAppointmentsSection,
  AdvisorTasksSection,
  DormantClientsSection,
  ImportantDatesSection,
} from "./_home/advisor-sections";
import { FollowUpCallsSection, TicketsSection } from "./_home/after-sales-sections";
import { ComplaintsSection } from "./_home/service-sections";
import { StoreHoursCard } from "./_home/store-hours";
import { StoreSummarySection } from "./_home/store-summary";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("home");
  return { title: t("title") };
}

/**
 * Every role's start of the day (issue #17): the sections of each of the staff member's roles
 * (lib/home/sections.ts), each read in their scope by lib/home/queries.ts, then the store hours.
 * The page takes no parameters: there is nothing in the URL to trust or to fail on.
 */
export default async function HomePage() {
  const staff = await requirePermission("dashboard.read");
  const db = getDb();
  const now = new Date();
  const [home, stores, t, tRoles] = await Promise.all([
    loadHome(db, staff, { now }),
    listStoresInScope(db, storeScopeOf(staff), { activeOnly: true }),
    getTranslations("home"),
    getTranslations("roles"),
  ]);
  // The visit list's days: those of the visits shown, else the viewer's first store's (or the default zone's).
  const zone = home.advisorAppointments?.rows[0]?.timeZone ?? stores[0]?.timeZone ?? DEFAULT_TIME_ZONE;
  const today = todayIn(zone, now);
  const visitsHref = `/appointments/list?advisor=${staff.id}&from=${today}&to=${shiftDay(today, { days: 1 })}`;

  return (
    <>
      <PageHeader
        title={t("greeting", { name: staff.displayName })}
        description={t("roles", { roles: staff.roles.map((r) => tRoles(r)).join(" / ") })}
      />
      <div className="grid gap-5 lg:grid-cols-2" data-testid="home-sections">
        {home.storeSummary ? <StoreSummarySection summary={home.storeSummary} /> : null}
        {home.advisorAppointments ? (
          <AdvisorAppointmentsSection list={home.advisorAppointments} listHref={visitsHref} />
        ) : null}
        {home.advisorTasks ? <AdvisorTasksSection list={home.advisorTasks} /> : null}
        {home.importantDates ? <ImportantDatesSection list={home.importantDates} /> : null}
        {home.dormantClients ? (
          <DormantClientsSection list={home.dormantClients} listHref={`/members?stage=dormant&advisor=${staff.id}`} />
        ) : null}
        {home.ticketQueue ? <TicketsSection id="ticketQueue" list={home.ticketQueue} href="/after-sales" /> : null}
        {home.overdueTickets ? (
          <TicketsSection id="overdueTickets" list={home.overdueTickets} href="/after-sales?status=overdue" />
        ) : null}
        {home.followUpCalls ? <FollowUpCallsSection list={home.followUpCalls} /> : null}
        {home.myComplaints ? <ComplaintsSection id="myComplaints" list={home.myComplaints} href="/complaints" /> : null}
        {home.atRiskComplaints ? (
          <ComplaintsSection id="atRiskComplaints" list={home.atRiskComplaints} href="/complaints?tab=at_risk" />
        ) : null}
        <div className="lg:col-span-2">
          <StoreHoursCard stores={stores} now={now} />
        </div>
      </div>
    </>
  );
}
