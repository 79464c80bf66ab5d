import { appointmentScenarios } from "./appointments";
import { loyaltyScenarios } from "./loyalty";
import { memberScenarios } from "./members";
import { httpScenario, type Scenario } from "./scenario";

// Scenario files import the types and httpScenario from ./scenario, not from here (no import cycle).
export * from "./scenario";

/** Later issues add their scenarios here and compare against `framework-floor`. */
export const SCENARIOS: Scenario[] = [
  httpScenario(
    "framework-floor",
    "A trivial authenticated, dynamically rendered page (session + staff re-read).",
    "/bench/floor",
    true,
  ),
  httpScenario("health", "GET /api/health (one database round trip, no session).", "/api/health", false),
  ...memberScenarios,
  ...loyaltyScenarios,
  ...appointmentScenarios,
];
