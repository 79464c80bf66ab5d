import { z } from "zod";
import { isBusinessDay } from "@/lib/time";

/**
 * The mini-program's appointment operations of the API v1 (docs/domain.md#mini-program-api): the
 * free starts of a store's day and a booking request. Messages are English sentences for API
 * clients. Client-safe (zod only).
 */

/** How far ahead the mini-program may look and book, in store-local days from today. */
export const API_BOOKING_DAYS_AHEAD = 60;

const text = (max: number) => z.string().trim().min(1).max(max);

export const availabilityQuerySchema = z.object({
  storeCode: text(32).meta({ description: "The store's code (any active store of the mall)." }),
  type: text(64).meta({ description: "The appointment type's code." }),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "Must be a date as YYYY-MM-DD." })
    .refine(isBusinessDay, { message: "Must be a calendar date." })
    .meta({ description: `The store-local day, from today up to ${API_BOOKING_DAYS_AHEAD} days ahead.` }),
});
export type AvailabilityQuery = z.output<typeof availabilityQuerySchema>;

export const availabilityResponseSchema = z.object({
  storeCode: z.string(),
  date: z.string(),
  typeCode: z.string(),
  timeZone: z.string(),
  slots: z.array(
    z.object({
      time: z.string().meta({ description: "Store-local HH:MM." }),
      startsAt: z.iso.datetime({ offset: true }),
      advisorIds: z.array(z.uuid()),
    }),
  ),
});
export type AvailabilityResponse = z.infer<typeof availabilityResponseSchema>;

export const requestAppointmentSchema = z
  .object({
    storeCode: text(32).meta({ description: "The store the visit is at (any active store of the mall)." }),
    member: z
      .object({ phone: text(32) })
      .strict()
      .meta({ description: "The member, by mobile phone." }),
    typeCode: text(64),
    startsAt: z.iso
      .datetime({ offset: true, message: "Must be an ISO 8601 instant with its offset." })
      .meta({ description: "A free start from GET /api/v1/availability." }),
    advisorId: z.uuid().optional().meta({ description: "An advisor of the store; absent: any free advisor." }),
  })
  .strict();
export type RequestAppointmentInput = z.output<typeof requestAppointmentSchema>;

export const requestAppointmentResponseSchema = z.object({
  appointmentId: z.uuid(),
  storeCode: z.string(),
  typeCode: z.string(),
  advisorId: z.uuid(),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  status: z.literal("requested").meta({ description: "Staff confirm a request from the mini-program." }),
});
export type RequestAppointmentResponse = z.infer<typeof requestAppointmentResponseSchema>;
