import type { z } from "zod";
import { availabilityRoute, requestAppointmentRoute } from "@/lib/appointments/api/routes";
import type { ApiRouteDefinition } from "@/lib/api/route";
import { issueMemberCodeRoute } from "./member-presence/routes";
import { createRefundRoute, createTransactionRoute, lookupMemberRoute } from "./purchases/routes";
import { memberRefSchema } from "./purchases/schemas";
import { createRedemptionRoute } from "./redemptions/routes";

/**
 * Every POS API v1 operation, in the order the OpenAPI document lists them. The route files under
 * app/api/v1 serve these definitions and app/api/v1/openapi.json documents this list, so the two
 * cannot drift apart.
 */
export const LOYALTY_API_ROUTES: readonly ApiRouteDefinition[] = [
  createTransactionRoute,
  createRefundRoute,
  lookupMemberRoute,
  createRedemptionRoute,
  issueMemberCodeRoute,
  availabilityRoute,
  requestAppointmentRoute,
];

/** Schemas that several operations share, named once in the document's components (the others point at them). */
export const LOYALTY_API_SCHEMAS: Readonly<Record<string, z.ZodType>> = { MemberRef: memberRefSchema };
