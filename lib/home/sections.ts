import { can, type Permission, type Role, type StaffPrincipal } from "@/lib/auth/policy";

/**
 * Which sections the home page (`/`) shows a staff member: each role starts the day on its own
 * work (issue #17), and someone with several roles sees the sections of each. A section needs the
 * role and the permission its list page needs, so the home page never shows what the list page
 * would refuse. Pure: no database, no request.
 */

export const HOME_SECTIONS = [
  "advisorAppointments",
  "importantDates",
  "advisorTasks",
  "dormantClients",
  "ticketQueue",
  "overdueTickets",
  "followUpCalls",
  "myComplaints",
  "atRiskComplaints",
  "storeSummary",
] as const;
export type HomeSection = (typeof HOME_SECTIONS)[number];

const SECTION_RULES: Record<HomeSection, { roles: readonly Role[]; permission: Permission }> = {
  advisorAppointments: { roles: ["advisor"], permission: "appointments.read" },
  importantDates: { roles: ["advisor"], permission: "members.read" },
  advisorTasks: { roles: ["advisor"], permission: "clienteling.tasks" },
  dormantClients: { roles: ["advisor"], permission: "members.read" },
  ticketQueue: { roles: ["after_sales"], permission: "aftersales.read" },
  overdueTickets: { roles: ["after_sales"], permission: "aftersales.read" },
  followUpCalls: { roles: ["after_sales"], permission: "aftersales.calls" },
  myComplaints: { roles: ["service"], permission: "complaints.handle" },
  atRiskComplaints: { roles: ["service"], permission: "complaints.read" },
  storeSummary: { roles: ["manager", "admin"], permission: "dashboard.read" },
};

/** The staff member's home sections, in the page's order. */
export function homeSectionsFor(staff: StaffPrincipal): Set<HomeSection> {
  return new Set(
    HOME_SECTIONS.filter((section) => {
      const rule = SECTION_RULES[section];
      return rule.roles.some((role) => staff.roles.includes(role)) && can(staff, rule.permission);
    }),
  );
}

/** Rows a home section lists at most; the "see all" link leads to the full list. */
export const HOME_LIST_LIMIT = 8;
/** Important dates this many days ahead (today included) are listed for the advisor. */
export const IMPORTANT_DATES_AHEAD_DAYS = 14;
/** A client who turned dormant within this many days is listed for their advisor. */
export const RECENTLY_DORMANT_DAYS = 30;
