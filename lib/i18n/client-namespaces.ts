/**
 * Which message namespaces each client subtree receives. A page's client components read their
 * messages from the nearest `ClientMessages` provider above them (lib/i18n/client-messages.tsx),
 * which sends the browser only the namespaces its area lists here; the whole catalogue (some
 * 140 KB) is never sent. Nested providers replace their parent's messages rather than add to them,
 * so an area lists everything its own client components read, the shared ones included.
 *
 * `folder` is the route folder whose layout.tsx renders `<ClientMessages area="…">`; the provider
 * covers every segment below it that has no area of its own. client-namespaces.test.ts reads the
 * source and fails when a client component reads a namespace its provider does not send (or an
 * area with pages sends one nothing reads). A namespace may name a sub-tree ("memberPrivacy.erase").
 */

/** Namespaces of the shared building blocks (components/form, data-table, layout) and of "common"; an area may send them unused. */
export const SHARED_NAMESPACES = ["common", "validation", "table", "errorPage", "language"] as const;

export const CLIENT_MESSAGE_AREAS = {
  /** The root layout: only what the root error page needs (the bench's bare page sits here too). */
  root: { folder: "app", namespaces: ["errorPage"] },
  auth: { folder: "app/(auth)", namespaces: ["signIn", "changePassword", "language", "validation"] },
  /** The shell (language switch, error page) and the portal pages without an area of their own. */
  portal: { folder: "app/(portal)", namespaces: ["errorPage", "language"] },
  members: {
    folder: "app/(portal)/members",
    namespaces: ["members", "memberImport", "memberPrivacy", "common", "table", "validation"],
  },
  /** The member 360° view and its edit and erase pages. */
  member: {
    folder: "app/(portal)/members/[id]",
    namespaces: [
      "members",
      "memberCards",
      "memberStatement",
      "memberPrivacy.erase",
      "redeemForm",
      "pointsAdjustForm",
      "loyaltyTiers",
      "clienteling",
      "events",
      "appointmentCalendar.status",
      "errors",
      "common",
      "table",
      "validation",
    ],
  },
  loyalty: {
    folder: "app/(portal)/loyalty",
    namespaces: [
      "loyaltyApprovals",
      "loyaltyGifts",
      "loyaltyRules",
      "loyaltyTiers",
      "storedValue",
      "common",
      "table",
      "validation",
    ],
  },
  appointments: {
    folder: "app/(portal)/appointments",
    namespaces: [
      "appointments",
      "appointmentCalendar",
      "appointmentExtras",
      "visitPreparation",
      "members",
      "loyaltyTiers",
      "errors",
      "common",
      "table",
      "validation",
    ],
  },
  appointmentSetup: {
    folder: "app/(portal)/appointments/setup",
    namespaces: ["appointmentSetup", "loyaltyTiers", "weekdays", "common", "table", "validation"],
  },
  complaints: {
    folder: "app/(portal)/complaints",
    namespaces: [
      "complaints",
      "complaintResolution",
      "complaintSla",
      "complaintFollowUp.inquiries",
      "common",
      "table",
      "validation",
    ],
  },
  events: { folder: "app/(portal)/events", namespaces: ["events", "common", "table", "validation"] },
  tasks: { folder: "app/(portal)/tasks", namespaces: ["clienteling", "common", "table", "validation"] },
  admin: {
    folder: "app/(portal)/admin",
    namespaces: [
      "apiKeys",
      "audit",
      "messaging",
      "roles",
      "staff",
      "stores",
      "weekdays",
      "common",
      "table",
      "validation",
    ],
  },
  afterSales: {
    folder: "app/(portal)/after-sales",
    namespaces: ["afterSalesIntake", "afterSalesTickets", "afterSalesCalls", "common", "table", "validation"],
  },
  /** The customer's satisfaction survey (no sign-in). */
  survey: { folder: "app/survey", namespaces: ["complaintFollowUp.survey"] },
  /** The customer's repair tracking page (no sign-in). */
  track: { folder: "app/track", namespaces: ["afterSalesTickets"] },
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
