/**
 * Which message namespaces the browser gets, by route folder. A client component reads its
 * messages from the providers above it: each area's layout renders `<ClientMessages area="…">`
 * (lib/i18n/client-messages.tsx), which adds the namespaces listed here to those of the areas
 * above it (the root's, the portal's), so a nested area lists only what its own pages add, and the
 * whole catalogue (some 140 KB) is never sent. Put a namespace where every page below reads it, no
 * higher: everything a layout sends goes with every page under it.
 *
 * client-namespaces.test.ts reads the source and fails when a client component reads a namespace
 * that no area above it sends, when an area with pages sends one nothing under it reads, or when
 * an area repeats what an area above it sends. A namespace may name a sub-tree ("memberPrivacy.erase").
 */
export const CLIENT_MESSAGE_AREAS = {
  /** The root layout: only what the root error page needs (the bench's bare page sits here too). */
  root: { folder: "app", namespaces: ["errorPage"] },
  auth: { folder: "app/(auth)", namespaces: ["signIn", "changePassword", "language", "validation"] },
  /**
   * The shell (language switch) and the small shared ones of buttons and tables. "validation" (the
   * form fields' messages, 4 KB) goes with the areas that have forms, not with every page.
   */
  portal: { folder: "app/(portal)", namespaces: ["language", "common", "table"] },
  /**
   * The member pages: each sends its own. The 360° view (app/(portal)/members/[id]) has no area: its
   * sections render on the server and each of its forms loads its words when its dialog opens
   * (member-dialogs.tsx), so neither "members" (4 KB) nor "validation" travels with it. The search
   * page sits in a route group for that, as an area reaches every folder below its own.
   */
  memberSearch: { folder: "app/(portal)/members/(search)", namespaces: ["members"] },
  memberNew: { folder: "app/(portal)/members/new", namespaces: ["members", "validation"] },
  memberImport: { folder: "app/(portal)/members/import", namespaces: ["memberImport", "validation"] },
  memberDuplicates: { folder: "app/(portal)/members/duplicates", namespaces: ["memberPrivacy"] },
  memberExport: { folder: "app/(portal)/members/export", namespaces: ["memberPrivacy", "validation"] },
  memberReveals: {
    folder: "app/(portal)/members/reveals",
    namespaces: ["memberPrivacy.fields", "memberPrivacy.reveals"],
  },
  memberEdit: { folder: "app/(portal)/members/[id]/edit", namespaces: ["members", "validation"] },
  memberErase: { folder: "app/(portal)/members/[id]/erase", namespaces: ["memberPrivacy.erase"] },
  loyalty: {
    folder: "app/(portal)/loyalty",
    namespaces: ["loyaltyApprovals", "loyaltyGifts", "loyaltyRules", "loyaltyTiers", "storedValue", "validation"],
  },
  /** The store's calendars (day, week, list); each other appointments page adds its own below. */
  appointments: { folder: "app/(portal)/appointments", namespaces: ["appointmentCalendar"] },
  /** A visit and its preparation sheet. */
  appointmentVisit: {
    folder: "app/(portal)/appointments/[id]",
    namespaces: ["appointments", "visitPreparation", "members", "errors", "validation"],
  },
  appointmentBooking: {
    folder: "app/(portal)/appointments/new",
    namespaces: ["appointments", "appointmentExtras", "validation"],
  },
  appointmentHandover: {
    folder: "app/(portal)/appointments/handover",
    namespaces: ["appointmentExtras", "validation"],
  },
  appointmentWaitlist: { folder: "app/(portal)/appointments/waitlist", namespaces: ["appointmentExtras"] },
  appointmentSetup: {
    folder: "app/(portal)/appointments/setup",
    namespaces: ["appointmentSetup", "weekdays", "loyaltyTiers", "validation"],
  },
  complaints: {
    folder: "app/(portal)/complaints",
    namespaces: [
      "complaints",
      "complaintResolution",
      "complaintSla",
      "complaintFollowUp.inquiries",
      "members.tiers",
      "validation",
    ],
  },
  events: { folder: "app/(portal)/events", namespaces: ["events", "validation"] },
  tasks: { folder: "app/(portal)/tasks", namespaces: ["clienteling", "validation"] },
  admin: {
    folder: "app/(portal)/admin",
    namespaces: ["apiKeys", "audit", "messaging", "roles", "staff", "stores", "weekdays", "validation"],
  },
  afterSales: {
    folder: "app/(portal)/after-sales",
    // The intake form finds the member with the complaints' customer search (its texts and the tier names).
    namespaces: [
      "afterSalesIntake",
      "afterSalesTickets",
      "afterSalesCalls",
      "complaints.intake",
      "members.tiers",
      "validation",
    ],
  },
  /** The customer's satisfaction survey (no sign-in). */
  survey: { folder: "app/survey", namespaces: ["complaintFollowUp.survey"] },
} as const satisfies Record<string, { folder: string; namespaces: readonly string[] }>;

export type ClientMessageArea = keyof typeof CLIENT_MESSAGE_AREAS;

type Messages = { [key: string]: unknown };

/**
 * The part of `messages` under the given namespaces, nested as in the catalogue ("a.b" keeps
 * `{ a: { b } }`); a namespace the catalogue lacks is left out.
 */
export function pickNamespaces(messages: Messages, namespaces: readonly string[]): Messages {
  const picked: Messages = {};
  for (const namespace of namespaces) {
    const keys = namespace.split(".");
    let source: unknown = messages;
    for (const key of keys) source = source && typeof source === "object" ? (source as Messages)[key] : undefined;
    if (source === undefined) continue;
    let target = picked;
    for (const key of keys.slice(0, -1)) {
      const next = target[key];
      // A copy: the catalogue object itself is shared by every request and must not change.
      target = (target[key] = next && typeof next === "object" ? { ...next } : {}) as Messages;
    }
    target[keys.at(-1)!] = source;
  }
  return picked;
}

/** `own` laid over `inherited`: sub-trees merged key by key, `own` winning where both have a message. */
export function mergeMessages(inherited: Messages, own: Messages): Messages {
  const merged: Messages = { ...inherited };
  for (const [key, value] of Object.entries(own)) {
    const before = merged[key];
    merged[key] =
      before && typeof before === "object" && value && typeof value === "object"
        ? mergeMessages(before as Messages, value as Messages)
        : value;
  }
  return merged;
}
