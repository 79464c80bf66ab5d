import { can, hasPermission, type Permission, type StaffPrincipal } from "@/lib/auth/policy";

export type NavSection = "main" | "clienteling" | "service" | "members" | "loyalty" | "admin";
export type NavItem = { href: string; labelKey: string; permission: Permission; section: NavSection };

/** The portal's navigation; each entry shows only to staff holding its permission. */
export const NAV_ITEMS: readonly NavItem[] = [
  { href: "/", labelKey: "dashboard", permission: "dashboard.read", section: "main" },
  { href: "/reports", labelKey: "reports", permission: "reports.read", section: "main" },
  { href: "/appointments", labelKey: "appointments", permission: "appointments.read", section: "clienteling" },
  { href: "/tasks", labelKey: "tasks", permission: "clienteling.tasks", section: "clienteling" },
  { href: "/events", labelKey: "events", permission: "events.checkin", section: "clienteling" },
  {
    href: "/appointments/setup",
    labelKey: "appointmentSetup",
    permission: "appointments.setup",
    section: "clienteling",
  },
  { href: "/complaints", labelKey: "complaints", permission: "complaints.read", section: "service" },
  { href: "/after-sales", labelKey: "afterSales", permission: "aftersales.read", section: "service" },
  { href: "/after-sales/calls", labelKey: "afterSalesCalls", permission: "aftersales.calls", section: "service" },
  { href: "/after-sales/report", labelKey: "afterSalesReport", permission: "aftersales.report", section: "service" },
  { href: "/after-sales/prices", labelKey: "afterSalesPrices", permission: "aftersales.prices", section: "service" },
  { href: "/members", labelKey: "members", permission: "members.read", section: "members" },
  { href: "/members/import", labelKey: "memberImport", permission: "members.import", section: "members" },
  { href: "/members/duplicates", labelKey: "memberDuplicates", permission: "members.merge", section: "members" },
  { href: "/members/reveals", labelKey: "memberReveals", permission: "members.reveals.review", section: "members" },
  { href: "/members/export", labelKey: "memberExport", permission: "members.export", section: "members" },
  {
    href: "/loyalty/approvals",
    labelKey: "loyaltyApprovals",
    permission: "loyalty.adjust.approve",
    section: "loyalty",
  },
  { href: "/loyalty/cards", labelKey: "loyaltyCards", permission: "loyalty.cards.manage", section: "loyalty" },
  { href: "/loyalty/gifts", labelKey: "loyaltyGifts", permission: "loyalty.gifts.manage", section: "loyalty" },
  { href: "/loyalty/tiers", labelKey: "loyaltyTiers", permission: "loyalty.tiers.manage", section: "loyalty" },
  { href: "/loyalty/rules", labelKey: "loyaltyRules", permission: "loyalty.rules.manage", section: "loyalty" },
  { href: "/loyalty/reports", labelKey: "loyaltyReports", permission: "loyalty.reports", section: "loyalty" },
  { href: "/admin/staff", labelKey: "staff", permission: "staff.read", section: "admin" },
  { href: "/admin/stores", labelKey: "stores", permission: "stores.read", section: "admin" },
  { href: "/admin/api-keys", labelKey: "apiKeys", permission: "apikeys.manage", section: "admin" },
  { href: "/admin/messages", labelKey: "messages", permission: "messages.read", section: "admin" },
  { href: "/admin/audit", labelKey: "audit", permission: "audit.read", section: "admin" },
  { href: "/account", labelKey: "account", permission: "account.manage", section: "main" },
];

export function navigationFor(staff: StaffPrincipal): NavItem[] {
  return NAV_ITEMS.filter((item) => can(staff, item.permission));
}

/** The sidebar's sections, in this order; a section without an entry for the staff member is left out. */
export const NAV_SECTIONS: readonly NavSection[] = ["main", "clienteling", "service", "members", "loyalty", "admin"];

export type NavSectionEntries = { section: NavSection; items: NavItem[] };

/**
 * The staff member's navigation by section, in the sidebar's order. It depends on the roles alone,
 * so it is worked out once per set of roles and kept for the process (the portal's layout asks on
 * every request).
 */
export function navigationSectionsFor(staff: Pick<StaffPrincipal, "roles">): NavSectionEntries[] {
  const key = [...staff.roles].sort().join(" ");
  let sections = sectionsByRoles.get(key);
  if (!sections) {
    const items = NAV_ITEMS.filter((item) => hasPermission(staff, item.permission));
    sections = NAV_SECTIONS.map((section) => ({ section, items: items.filter((i) => i.section === section) })).filter(
      (s) => s.items.length > 0,
    );
    sectionsByRoles.set(key, sections);
  }
  return sections;
}

const sectionsByRoles = new Map<string, NavSectionEntries[]>();
