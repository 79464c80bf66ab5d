import type { ReactNode } from "react";
import { getDb } from "@/db/client";
import { Card } from "@/components/ui/card";
import { can } from "@/lib/auth/policy";
import { memberVisits } from "@/lib/appointments/member-visits/queries";
import { listMemberContacts } from "@/lib/clienteling/contacts/queries";
import { listMemberEventAttendance } from "@/lib/events/queries";
import { getSpendSummary, listMemberPointsLedger } from "@/lib/loyalty/member-360/queries";
import type { StaffAccount } from "@/lib/staff/principal";
import { ContactLog } from "./contact-log";
import { EventAttendance } from "./event-attendance";
import { OlderNewerPager, PointsLedgerList, SpendSummary } from "./loyalty-sections";
import { sectionBodyClass } from "./streamed-card";
import { VisitsSection } from "./visits-section";

// The 360° view's sections that read their own data, for a member the page already found in the
// staff member's scope.

type Member = { id: string; timeZone: string };

/**
 * The spend summary and the points ledger, whose reads grow with the member's history: the page
 * streams them in behind one Suspense boundary, both read side by side, as two cards of fixed height.
 */
export async function HistoryCards({
  member,
  ledgerPage,
  hrefFor,
  titles,
}: {
  member: Member;
  ledgerPage: number;
  hrefFor: (page: number) => string;
  titles: { spend: ReactNode; ledger: ReactNode };
}) {
  const db = getDb();
  const [spend, ledger] = await Promise.all([
    getSpendSummary(db, member),
    listMemberPointsLedger(db, member.id, ledgerPage),
  ]);
  return (
    <>
      <Card title={titles.spend} bodyClassName={sectionBodyClass("sm")}>
        <SpendSummary spend={spend} timeZone={member.timeZone} />
      </Card>
      <Card title={titles.ledger} bodyClassName={sectionBodyClass("lg")}>
        <PointsLedgerList
          ledger={ledger}
          timeZone={member.timeZone}
          pager={<OlderNewerPager page={ledger.page} hasOlder={ledger.hasOlder} hrefFor={hrefFor} />}
        />
      </Card>
    </>
  );
}

export async function VisitsBody({ me, memberId, canBook }: { me: StaffAccount; memberId: string; canBook: boolean }) {
  return <VisitsSection memberId={memberId} visits={await memberVisits(getDb(), me, memberId)} canBook={canBook} />;
}

export async function EventsBody({ me, memberId }: { me: StaffAccount; memberId: string }) {
  const rows = await listMemberEventAttendance(getDb(), me, memberId);
  return <EventAttendance rows={rows} linkEvents={can(me, "events.checkin") || can(me, "events.manage")} />;
}

/** The contact log is a whole card (its dialog and notice live in it); the page gives it the fixed body height of the others. */
export async function ContactLogCard({
  me,
  memberId,
  lifecycleStage,
  page,
  hrefFor,
  canLog,
  className,
  bodyClassName,
}: {
  me: StaffAccount;
  memberId: string;
  lifecycleStage: string;
  page: number;
  hrefFor: (page: number) => string;
  canLog: boolean;
  className: string;
  bodyClassName: string;
}) {
  const contacts = await listMemberContacts(getDb(), me, memberId, { page });
  return (
    <ContactLog
      memberId={memberId}
      lifecycleStage={lifecycleStage}
      contacts={contacts}
      canLog={canLog}
      hrefFor={hrefFor}
      className={className}
      bodyClassName={bodyClassName}
    />
  );
}
