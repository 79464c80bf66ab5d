import fs from "node:fs";
import path from "node:path";
import { addDays, addHours } from "date-fns";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { Db } from "@/db/client";
import { storedValueCards } from "@/db/schema";
import { listApiKeys } from "@/lib/api-keys/queries";
import { apiKeyListParamsSchema } from "@/lib/api-keys/schemas";
import { followUpCallListParamsSchema, listFollowUpCalls } from "@/lib/after-sales/follow-ups/queries";
import { intakeMemberContext } from "@/lib/after-sales/intake/queries";
import { afterSalesReport, afterSalesReportParamsSchema } from "@/lib/after-sales/report/queries";
import { listTickets, ticketListParamsSchema, ticketQueueCounts } from "@/lib/after-sales/tickets/queries";
import { bookingChoices, getBookingMember } from "@/lib/appointments/booking/queries";
import {
  chooseCalendarStore,
  listAppointments,
  listCalendarAdvisors,
  listCalendarStores,
  loadAdvisorWeek,
  loadStoreDay,
} from "@/lib/appointments/calendar/queries";
import {
  advisorWeekParamsSchema,
  appointmentListParamsSchema,
  storeDayParamsSchema,
} from "@/lib/appointments/calendar/schemas";
import { closureListParamsSchema, listStoreClosures } from "@/lib/appointments/setup/closures";
import {
  appointmentTypeListParamsSchema,
  listAppointmentTypes,
  listRooms,
  roomListParamsSchema,
} from "@/lib/appointments/setup/queries";
import { listStoreTimeOff, timeOffListParamsSchema } from "@/lib/appointments/setup/time-off";
import { listWaitlist } from "@/lib/appointments/waitlist/queries";
import { waitlistListParamsSchema } from "@/lib/appointments/waitlist/schemas";
import { auditListParamsSchema, listAuditEntries } from "@/lib/audit/queries";
import { storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import { listMemberContacts } from "@/lib/clienteling/contacts/queries";
import { listTasks, taskListParamsSchema } from "@/lib/clienteling/tasks/queries";
import { complaintHandlers, complaintListParamsSchema, listComplaints } from "@/lib/complaints/cases/queries";
import { inquiryListParamsSchema, listInquiries } from "@/lib/complaints/inquiries/queries";
import { complaintReport, complaintReportParamsSchema } from "@/lib/complaints/report/queries";
import { listPendingCompensations, pendingCompensationsParamsSchema } from "@/lib/complaints/resolution/queries";
import {
  eventListParamsSchema,
  guestListParamsSchema,
  listEventGuests,
  listEvents,
  searchCheckInGuests,
} from "@/lib/events/queries";
import { checkInSearchParamsSchema, instantToLocalDateTime } from "@/lib/events/schemas";
import { createEventUseCase } from "@/lib/events/use-cases";
import { AppError } from "@/lib/errors";
import { listParams } from "@/lib/list-params";
import { DEFAULT_TIME_ZONE, todayIn } from "@/lib/time";
import { dashboardFigures } from "@/lib/reports/dashboard/queries";
import { parseDashboardParams } from "@/lib/reports/dashboard/schemas";
import {
  approvalViewSchema,
  decidedAdjustmentsParamsSchema,
  listDecidedAdjustments,
  listPendingAdjustments,
  pendingAdjustmentsParamsSchema,
} from "@/lib/loyalty/adjustments/queries";
import { giftListParamsSchema, listGifts } from "@/lib/loyalty/gifts/queries";
import { listMemberPointsLedger, listMemberPurchases } from "@/lib/loyalty/member-360/queries";
import {
  cardListParamsSchema,
  getCardDetail,
  getCardHolder,
  ledgerParamsSchema,
  listCards,
} from "@/lib/loyalty/stored-value/queries";
import { listTierProgrammeVersions } from "@/lib/loyalty/tiers/programme";
import { listMessages } from "@/lib/messaging/queries";
import { messageListParamsSchema } from "@/lib/messaging/schemas";
import { duplicateListParamsSchema, listDuplicateGroups } from "@/lib/members/duplicates/queries";
import { exportParamsSchema } from "@/lib/members/export/schemas";
import { listReveals, revealListParamsSchema } from "@/lib/members/privacy/queries";
import { member360ParamsSchema } from "@/lib/members/schemas";
import { memberListParamsSchema, searchMembers } from "@/lib/members/search/queries";
import { listStaff, staffListParamsSchema } from "@/lib/staff/queries";
import { listStores, storeListParamsSchema } from "@/lib/stores/queries";
import { addAdvisor } from "@/tests/helpers/booking";
import { HOSTILE_SEARCH_PARAMS } from "@/tests/helpers/hostile-values";
import { createPrincipal, insertMember } from "@/tests/helpers/members";
import { runAs } from "@/tests/helpers/run-as";
import { createTestStore, setupTestDatabase, testDriver, uniqueSuffix, type TestStore } from "@/tests/helpers/test-db";

/**
 * Hostile values (tests/helpers/hostile-values.ts) at every URL parameter of every page that reads
 * its `searchParams`: the page's own schema parses each of them without throwing (a bad value falls
 * back to its default), and the queries the page runs with what was parsed answer, for an admin of
 * every store and for a store manager. A guard keeps the table complete: a page that reads
 * `searchParams` and is neither covered nor exempt (with its reason) fails the run.
 */

let db: Db;
let store: TestStore;
let memberId: string;
let storedValueCardId: string;
let eventId: string;
let admin: StaffPrincipal;
let manager: StaffPrincipal;

setupTestDatabase(async (opened) => {
  db = opened;
  store = await createTestStore(db);
  memberId = (await insertMember(db, { storeId: store.id })).id;
  const [card] = await db
    .insert(storedValueCards)
    .values({ cardNo: `SV${uniqueSuffix(10).toUpperCase()}`, memberId, storeId: store.id })
    .returning({ id: storedValueCards.id });
  storedValueCardId = card!.id;
  admin = await createPrincipal(db, ["admin", "manager"], [store.id], { allStores: true });
  manager = await createPrincipal(db, ["manager"], [store.id]);
  await addAdvisor(db, store.id, "顾问");
  const startsAt = addDays(new Date(), 30);
  const local = (at: Date) => instantToLocalDateTime(at, DEFAULT_TIME_ZONE);
  ({ id: eventId } = await runAs(db, createEventUseCase, manager, {
    storeId: store.id,
    kind: "tasting",
    titleZh: "品鉴会",
    titleEn: "Tasting",
    startsAt: local(startsAt),
    endsAt: local(addHours(startsAt, 3)),
    capacity: 10,
    inviteDiamondFrom: local(new Date()),
    inviteGoldFrom: "",
    inviteSilverFrom: "",
  }));
});

/** What a `not_found` answer means on a page: its 404 (an asked-for advisor who is not the store's), not a failure. */
const notFoundIsAnAnswer = (error: unknown) => {
  if (error instanceof AppError && error.code === "not_found") return null;
  throw error;
};

type ListPage = {
  /** The page's route, as the guard finds it on disk; a variant in brackets when one page reads two ways. */
  page: string;
  /** The schema the page parses its `searchParams` with (a key it reads as it comes: `z.unknown()`). */
  schema: z.ZodObject;
  /** Pages that fall back to defaults use safeParse (the export form); the others parse. */
  safe?: boolean;
  /** The queries the page runs with what was parsed (all of them, together). */
  run?: (params: never, who: StaffPrincipal) => Promise<unknown>;
};

const LIST_PAGES: ListPage[] = [
  {
    page: "/admin/stores",
    schema: storeListParamsSchema,
    run: (p: z.output<typeof storeListParamsSchema>, who) => listStores(db, storeScopeOf(who), p),
  },
  {
    page: "/admin/staff",
    schema: staffListParamsSchema,
    run: (p: z.output<typeof staffListParamsSchema>, who) => listStaff(db, storeScopeOf(who), p),
  },
  {
    page: "/admin/api-keys",
    schema: apiKeyListParamsSchema,
    run: (p: z.output<typeof apiKeyListParamsSchema>, who) => listApiKeys(db, storeScopeOf(who), p),
  },
  {
    page: "/admin/audit",
    schema: auditListParamsSchema,
    run: (p: z.output<typeof auditListParamsSchema>, who) => listAuditEntries(db, storeScopeOf(who), p),
  },
  {
    page: "/members",
    schema: memberListParamsSchema,
    run: (p: z.output<typeof memberListParamsSchema>, who) => searchMembers(db, who, p),
  },
  {
    page: "/members/reveals",
    schema: revealListParamsSchema,
    run: (p: z.output<typeof revealListParamsSchema>, who) => listReveals(db, who, storeScopeOf(who), p),
  },
  {
    page: "/members/duplicates",
    schema: duplicateListParamsSchema,
    run: (p: z.output<typeof duplicateListParamsSchema>, who) => listDuplicateGroups(db, who, p),
  },
  { page: "/members/export", schema: exportParamsSchema, safe: true },
  {
    page: "/loyalty/gifts",
    schema: giftListParamsSchema,
    run: (p: z.output<typeof giftListParamsSchema>, who) => listGifts(db, storeScopeOf(who), p),
  },
  {
    page: "/loyalty/cards",
    schema: cardListParamsSchema,
    run: (p: z.output<typeof cardListParamsSchema>, who) => listCards(db, storeScopeOf(who), p),
  },
  {
    page: "/loyalty/cards/[id]",
    schema: ledgerParamsSchema,
    run: (p: z.output<typeof ledgerParamsSchema>, who) => getCardDetail(db, storeScopeOf(who), storedValueCardId, p),
  },
  {
    page: "/loyalty/approvals (pending)",
    schema: pendingAdjustmentsParamsSchema.extend({ view: approvalViewSchema }),
    run: (p: z.output<typeof pendingAdjustmentsParamsSchema>, who) => listPendingAdjustments(db, storeScopeOf(who), p),
  },
  {
    page: "/loyalty/approvals (decided)",
    schema: decidedAdjustmentsParamsSchema.extend({ view: approvalViewSchema }),
    run: (p: z.output<typeof decidedAdjustmentsParamsSchema>, who) => listDecidedAdjustments(db, storeScopeOf(who), p),
  },
  {
    // The tiers page's own schema (app/(portal)/loyalty/tiers/page.tsx): the shared list parameters only.
    page: "/loyalty/tiers",
    schema: z.object(listParams({ dir: "desc" })),
    run: (p: { page: number; pageSize: number }) => listTierProgrammeVersions(db, p),
  },
  {
    // The member picked on the 360° view: the page hands the query any text it is given.
    page: "/loyalty/cards/new",
    schema: z.object({ member: z.unknown().optional() }),
    run: (p: { member: unknown }, who) => getCardHolder(db, who, p.member as string),
  },
  {
    page: "/members/[id]",
    schema: member360ParamsSchema,
    run: (p: z.output<typeof member360ParamsSchema>, who) =>
      Promise.all([
        listMemberContacts(db, who, memberId, { page: p.contactsPage }),
        listMemberPurchases(db, memberId, p.purchasesPage),
        listMemberPointsLedger(db, memberId, p.ledgerPage),
      ]),
  },
  {
    page: "/admin/messages",
    schema: messageListParamsSchema,
    run: (p: z.output<typeof messageListParamsSchema>, who) => listMessages(db, storeScopeOf(who), p),
  },
  {
    page: "/after-sales",
    schema: ticketListParamsSchema,
    run: (p: z.output<typeof ticketListParamsSchema>, who) =>
      Promise.all([listTickets(db, who, p), ticketQueueCounts(db, who, p)]),
  },
  {
    page: "/after-sales/calls",
    schema: followUpCallListParamsSchema,
    run: (p: z.output<typeof followUpCallListParamsSchema>, who) => listFollowUpCalls(db, who, p),
  },
  {
    // The page parses with parseDashboardParams: a bad value is reported and this month shown instead.
    page: "/reports",
    schema: z.object({
      preset: z.unknown().optional(),
      from: z.unknown().optional(),
      to: z.unknown().optional(),
      store: z.unknown().optional(),
    }),
    run: (p: Record<string, string | string[] | undefined>, who) => {
      const { filter } = parseDashboardParams(p, todayIn(DEFAULT_TIME_ZONE));
      return dashboardFigures(db, who, { storeIds: filter.store, from: filter.from, to: filter.to });
    },
  },
  {
    page: "/after-sales/report",
    schema: afterSalesReportParamsSchema,
    run: (p: z.output<typeof afterSalesReportParamsSchema>, who) => afterSalesReport(db, storeScopeOf(who), p),
  },
  {
    // The member and the item the intake starts from: any text reaches the member look-up; the
    // item is only compared with the member's own items.
    page: "/after-sales/items/new",
    schema: z.object({ memberId: z.unknown().optional() }),
    run: (p: { memberId: unknown }, who) => getBookingMember(db, who, p.memberId as string),
  },
  {
    page: "/after-sales/tickets/new",
    schema: z.object({ memberId: z.unknown().optional(), itemId: z.unknown().optional() }),
    run: async (p: { memberId: unknown }, who) => {
      const member = await getBookingMember(db, who, p.memberId as string);
      return member ? intakeMemberContext(db, who, member.id) : null;
    },
  },
  {
    page: "/appointments",
    schema: storeDayParamsSchema,
    run: async (p: z.output<typeof storeDayParamsSchema>, who) => {
      const shown = chooseCalendarStore(await listCalendarStores(db, who), p.store, who);
      return loadStoreDay(db, who, { storeId: shown!.id, date: p.date, includeCancelled: p.cancelled });
    },
  },
  {
    page: "/appointments/week",
    schema: advisorWeekParamsSchema,
    run: async (p: z.output<typeof advisorWeekParamsSchema>, who) => {
      const shown = chooseCalendarStore(await listCalendarStores(db, who), p.store, who);
      const advisors = await listCalendarAdvisors(db, who, shown!.id);
      const args = { storeId: shown!.id, date: p.date, includeCancelled: p.cancelled };
      return Promise.all(
        [p.advisor, advisors[0]?.id]
          .filter((id) => id !== undefined)
          .map((advisorId) => loadAdvisorWeek(db, who, { ...args, advisorId }).catch(notFoundIsAnAnswer)),
      );
    },
  },
  {
    page: "/appointments/list",
    schema: appointmentListParamsSchema,
    run: (p: z.output<typeof appointmentListParamsSchema>, who) => listAppointments(db, who, p),
  },
  {
    page: "/appointments/waitlist",
    schema: waitlistListParamsSchema,
    run: (p: z.output<typeof waitlistListParamsSchema>, who) => listWaitlist(db, who, p),
  },
  {
    // A quarter hour clicked on the calendar: the store, advisor and type are looked up among the
    // booking choices, the time and date checked in the page; only the member reaches a query.
    page: "/appointments/new",
    schema: z.object({
      memberId: z.unknown().optional(),
      storeId: z.unknown().optional(),
      date: z.unknown().optional(),
      advisorId: z.unknown().optional(),
      startsAt: z.unknown().optional(),
      typeId: z.unknown().optional(),
    }),
    run: (p: { memberId: unknown }, who) =>
      Promise.all([bookingChoices(db, who), getBookingMember(db, who, p.memberId as string)]),
  },
  {
    page: "/appointments/setup/types",
    schema: appointmentTypeListParamsSchema,
    run: (p: z.output<typeof appointmentTypeListParamsSchema>) => listAppointmentTypes(db, p),
  },
  {
    page: "/appointments/setup/rooms",
    schema: roomListParamsSchema,
    run: (p: z.output<typeof roomListParamsSchema>, who) => listRooms(db, storeScopeOf(who), p),
  },
  {
    // The store is one of the viewer's (setupStores finds it in the list, else a 404).
    page: "/appointments/setup/time-off",
    schema: timeOffListParamsSchema,
    run: (p: z.output<typeof timeOffListParamsSchema>, who) => listStoreTimeOff(db, storeScopeOf(who), store.id, p),
  },
  {
    page: "/appointments/setup/closures",
    schema: closureListParamsSchema,
    run: (p: z.output<typeof closureListParamsSchema>, who) => listStoreClosures(db, storeScopeOf(who), store.id, p),
  },
  {
    page: "/complaints",
    schema: complaintListParamsSchema,
    run: (p: z.output<typeof complaintListParamsSchema>, who) =>
      Promise.all([listComplaints(db, who, p), complaintHandlers(db, p.store ?? store.id)]),
  },
  {
    page: "/complaints/inquiries",
    schema: inquiryListParamsSchema,
    run: (p: z.output<typeof inquiryListParamsSchema>, who) => listInquiries(db, who, p),
  },
  {
    page: "/complaints/approvals",
    schema: pendingCompensationsParamsSchema,
    run: (p: z.output<typeof pendingCompensationsParamsSchema>, who) =>
      listPendingCompensations(db, storeScopeOf(who), p),
  },
  {
    page: "/complaints/report",
    schema: complaintReportParamsSchema,
    run: (p: z.output<typeof complaintReportParamsSchema>, who) => complaintReport(db, who, p),
  },
  {
    page: "/events",
    schema: eventListParamsSchema,
    run: (p: z.output<typeof eventListParamsSchema>, who) => listEvents(db, storeScopeOf(who), p),
  },
  {
    page: "/events/[id]",
    schema: guestListParamsSchema,
    run: (p: z.output<typeof guestListParamsSchema>, who) => listEventGuests(db, who, eventId, p),
  },
  {
    page: "/events/[id]/check-in",
    schema: checkInSearchParamsSchema,
    run: (p: z.output<typeof checkInSearchParamsSchema>, who) => searchCheckInGuests(db, who, eventId, p.q ?? ""),
  },
  {
    page: "/tasks",
    schema: taskListParamsSchema,
    run: (p: z.output<typeof taskListParamsSchema>, who) => listTasks(db, who, p),
  },
];

/**
 * Pages that read `searchParams` without a query depending on what they read, each with the reason.
 * Everything else that reads them belongs in LIST_PAGES.
 */
const EXEMPT: Record<string, string> = {
  "/sign-in": "?error= and ?code= only choose which message shows; ?callbackUrl= is passed to next-auth as it came",
  "/admin/staff/[id]": "?saved= only shows the saved notice",
  "/admin/stores/[id]": "?saved= only shows the saved notice",
  "/loyalty/gifts/[id]": "?saved= only shows the saved notice",
  "/appointments/setup/types/[id]": "?saved= only shows the saved notice",
  "/appointments/[id]": "?done= only picks a notice from a fixed list (NOTICES)",
  "/appointments/setup/hours":
    "?store= is looked for among the viewer's stores (setupStores, in memory; unknown is a 404), never sent to a query",
  "/appointments/setup/hours/[staffId]":
    "?store= is looked for among the viewer's stores (setupStores, in memory; unknown is a 404), never sent to a query",
};

/** The route of each page.tsx under app/ whose source reads `searchParams` (route groups left out). */
function pagesReadingSearchParams(): string[] {
  const app = path.join(process.cwd(), "app");
  const found: string[] = [];
  for (const entry of fs.readdirSync(app, { recursive: true, encoding: "utf8" })) {
    if (path.basename(entry) !== "page.tsx") continue;
    if (!fs.readFileSync(path.join(app, entry), "utf8").includes("searchParams")) continue;
    const segments = path
      .dirname(entry)
      .split(path.sep)
      .filter((segment) => segment !== "." && !/^\(.*\)$/.test(segment));
    found.push(`/${segments.join("/")}`);
  }
  return found.sort();
}

const routeOf = (list: ListPage) => list.page.replace(/ \(.*\)$/, "");

describe(`hostile URL parameters on every page that reads them (${testDriver()})`, () => {
  it("covers every page that reads its searchParams, or says why not", () => {
    const onDisk = pagesReadingSearchParams();
    const listed = new Set([...LIST_PAGES.map(routeOf), ...Object.keys(EXEMPT)]);
    expect(
      onDisk.filter((page) => !listed.has(page)),
      "pages reading searchParams, missing here",
    ).toEqual([]);
    expect(
      [...listed].filter((page) => !onDisk.includes(page)),
      "listed here, but no page.tsx reading searchParams",
    ).toEqual([]);
    expect(
      LIST_PAGES.map(routeOf).filter((page) => page in EXEMPT),
      "both covered and exempt",
    ).toEqual([]);
  });

  it("parses every hostile value of every parameter without throwing, and the page's queries run with what it parsed", async () => {
    const problems: string[] = [];
    let parses = 0;
    let queries = 0;
    for (const list of LIST_PAGES) {
      const keys = [...Object.keys(list.schema.shape), "unknown"];
      const inputs: Record<string, unknown>[] = [];
      for (const hostile of HOSTILE_SEARCH_PARAMS) {
        for (const key of keys) inputs.push({ [key]: hostile.value });
        inputs.push(Object.fromEntries(keys.map((key) => [key, hostile.value])));
      }
      const parsedParams = new Map<string, unknown>();
      for (const input of inputs) {
        parses++;
        try {
          const result = list.safe ? list.schema.safeParse(input) : { success: true, data: list.schema.parse(input) };
          if (result.success) parsedParams.set(JSON.stringify(result.data), result.data);
        } catch (error) {
          problems.push(
            `${list.page}: parse threw on ${JSON.stringify(input).slice(0, 80)}: ${String(error).slice(0, 300)}`,
          );
        }
      }
      // Each distinct result once per reader (most hostile values fall back to the same defaults).
      for (const [text, params] of parsedParams) {
        for (const who of [admin, manager]) {
          if (!list.run) continue;
          queries++;
          await list.run(params as never, who).catch((error: unknown) => {
            const cause = (error as { cause?: { message?: string } }).cause?.message;
            problems.push(
              `${list.page}: query failed for ${text.slice(0, 120)}: ${String(error).slice(0, 300)} ${cause ?? ""}`,
            );
          });
        }
      }
    }
    expect(problems).toEqual([]);
    console.info(`hostile page input: ${LIST_PAGES.length} page schemas, ${parses} parses, ${queries} queries`);
  }, 420_000);
});
