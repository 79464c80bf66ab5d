import { defineApiRoute } from "@/lib/api/route";
import {
  availabilityQuerySchema,
  availabilityResponseSchema,
  requestAppointmentResponseSchema,
  requestAppointmentSchema,
} from "./schemas";
import { apiAvailability, requestAppointmentByApi } from "./service";

// The mini-program's operations (app/api/v1/availability, app/api/v1/appointments; listed in
// lib/loyalty/api.ts). Only the member app's server holds their scope: a `member_app` key.

export const availabilityRoute = defineApiRoute({
  method: "GET",
  path: "/api/v1/availability",
  operationId: "getAvailability",
  summary: "Free appointment times of a store's day (mini-program)",
  description:
    "For the member app's server (a `member_app` key): the free starts of an appointment type at a store on a store-local day, from today up to 60 days ahead, with the advisors free at each.",
  query: availabilityQuerySchema,
  response: availabilityResponseSchema,
  names: { response: "AvailabilityResponse" },
  successStatus: 200,
  keyKinds: ["member_app"],
  errors: [{ status: 422, code: "validation" }],
  async run({ db, query }) {
    return apiAvailability(db, query);
  },
});

export const requestAppointmentRoute = defineApiRoute({
  method: "POST",
  path: "/api/v1/appointments",
  operationId: "requestAppointment",
  summary: "Request an appointment (mini-program)",
  description:
    "For the member app's server (a `member_app` key): books a free start for a member (by phone) as a request that the store confirms. A start that is no longer free is answered 409 `slot_taken` with `error.details.alternatives`, the next free starts. A member below the type's tier is refused (422).",
  body: requestAppointmentSchema,
  response: requestAppointmentResponseSchema,
  names: { body: "RequestAppointmentRequest", response: "RequestAppointmentResponse" },
  successStatus: 201,
  keyKinds: ["member_app"],
  errors: [
    { status: 409, code: "slot_taken" },
    { status: 422, code: "member_not_found" },
    { status: 422, code: "validation" },
  ],
  async run({ db, principal, body }) {
    return requestAppointmentByApi(db, principal, body);
  },
});
