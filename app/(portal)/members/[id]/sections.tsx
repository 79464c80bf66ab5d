import { getDb } from "@/db/client";
import { can } from "@/lib/auth/policy";
import { memberVisits } from "@/lib/appointments/member-visits/queries";
import { listMemberContacts } from "@/lib/clienteling/contacts/queries";
import { listMemberEventAttendance } from "@/lib/events/queries";
import { getSpendSummary, listMemberPointsLedger } from "@/lib/loyalty/member-360/queries";
import { MEMBER_360_NOTES_LIMIT, type MemberClientelingLists } from "@/lib/members/queries";
import type { StaffAccount } from "@/lib/staff/principal";
import { ContactLog } from "./contact-log";
import { EventAttendance } from "./event-attendance";
import { ImportantDatesSection } from "./important-dates-section";
import { OlderNewerPager, PointsLedgerList, SpendSummary } from "./loyalty-sections";
import { NotesSection } from "./notes-section";
import { VisitsSection } from "./visits-section";
import { WishlistSection } from "./wishlist-section";

// The 360° view's streamed sections: each reads its own data inside its Suspense boundary, for a
// member the page already found in the staff member's scope.

type Member = { id: string; timeZone: string };

export async function SpendBody({ member }: { member: Member }) {
  return <SpendSummary spend={await getSpendSummary(getDb(), member)} timeZone={member.timeZone} />;
}

export async function LedgerBody({
  member,
  page,
  hrefFor,
}: {
  member: Member;
  page: number;
  hrefFor: (page: number) => string;
}) {
  const ledger = await listMemberPointsLedger(getDb(), member.id, page);
  return (
    <PointsLedgerList
      ledger={ledger}
      timeZone={member.timeZone}
      pager={<OlderNewerPager page={ledger.page} hasOlder={ledger.hasOlder} hrefFor={hrefFor} />}
    />
  );
}

/** The notes, dates and wishlist come in one read, shared by their three sections. */
type Lists = Promise<MemberClientelingLists>;

export async function NotesBody({ lists }: { lists: Lists }) {
  return <NotesSection notes={(await lists).notes} limit={MEMBER_360_NOTES_LIMIT} />;
}

export async function DatesBody({ lists, memberId, canWrite }: { lists: Lists; memberId: string; canWrite: boolean }) {
  return <ImportantDatesSection memberId={memberId} dates={(await lists).importantDates} canWrite={canWrite} />;
}

export async function WishlistBody({
  lists,
  memberId,
  canWrite,
}: {
  lists: Lists;
  memberId: string;
  canWrite: boolean;
}) {
  return <WishlistSection memberId={memberId} items={(await lists).wishlist} canWrite={canWrite} />;
}

export async function VisitsBody({ me, memberId, canBook }: { me: StaffAccount; memberId: string; canBook: boolean }) {
  return <VisitsSection memberId={memberId} visits={await memberVisits(getDb(), me, memberId)} canBook={canBook} />;
}

export async function EventsBody({ me, memberId }: { me: StaffAccount; memberId: string }) {
  const rows = await listMemberEventAttendance(getDb(), me, memberId);
  return <EventAttendance rows={rows} linkEvents={can(me, "events.checkin") || can(me, "events.manage")} />;
}

/** The contact log is a whole card (its dialog and notice live in it); the page gives it the streamed body's height. */
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
