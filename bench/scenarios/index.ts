import { appointmentScenarios } from "./appointments";
import { dashboardScenario } from "./dashboard";
import { loyaltyScenarios } from "./loyalty";
import { memberScenarios } from "./members";
import { httpScenario, type Scenario } from "./scenario";

// Scenario files import the types and httpScenario from ./scenario, not from here (no import cycle).
export * from "./scenario";

/**
 * Later issues add their scenarios here. Every page scenario is compared with `framework-bare` (the
 * framework's own floor) and with `framework-floor` (the same plus our session and staff re-read);
 * both run first, in this order.
 */
export const SCENARIOS: Scenario[] = [
  httpScenario(
    "framework-bare",
    "A bare dynamically rendered page: outside the proxy, no session, one database query, no message catalogue.",
    "/bench/bare",
    false,
  ),
  httpScenario(
    "framework-floor",
    "A trivial authenticated, dynamically rendered page (session + staff re-read).",
    "/bench/floor",
    true,
    { targets: [{ metric: "appCpuVsBare", max: 1.5, source: "issue #13: the authenticated shell" }] },
  ),
  httpScenario(
    "portal-shell",
    "The portal shell (navigation, user menu, the staff member's stores) around a trivial page: GET /account, authenticated.",
    "/account",
    true,
    { targets: [{ metric: "appCpuVsBare", max: 1.5, source: "issue #13: the authenticated shell" }] },
  ),
  httpScenario("health", "GET /api/health (one database round trip, no session).", "/api/health", false),
  ...memberScenarios,
  ...loyaltyScenarios,
  ...appointmentScenarios,
  dashboardScenario,
];
