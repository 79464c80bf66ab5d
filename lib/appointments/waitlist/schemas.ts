import { z } from "zod";
import { isBusinessDay } from "@/lib/time";

/**
 * The waitlist of a full day (docs/domain.md#waitlist): a member waits for a type at a store on a
 * store-local day, with one advisor or any; when a slot frees, the first waiting entry is offered
 * it. Shared by the booking page, the waitlist page and the actions. Messages are keys of the
 * "appointmentExtras.validation" catalogue. No server imports.
 */

export const WAITLIST_STATUSES = ["waiting", "offered", "booked", "cancelled"] as const;
export type WaitlistStatus = (typeof WAITLIST_STATUSES)[number];
/** The statuses in which an entry still holds its place (one per member, type and day). */
export const OPEN_WAITLIST_STATUSES = ["waiting", "offered"] as const satisfies readonly WaitlistStatus[];

export const joinWaitlistSchema = z.object({
  storeId: z.uuid({ error: "waitlistStoreRequired" }),
  memberId: z.uuid({ error: "waitlistMemberRequired" }),
  typeId: z.uuid({ error: "waitlistTypeRequired" }),
  day: z.string().refine(isBusinessDay, { error: "waitlistDayInvalid" }),
  /** Null: any advisor of the store. */
  advisorId: z.uuid().nullish(),
});
export type JoinWaitlistInput = z.input<typeof joinWaitlistSchema>;
export type JoinWaitlistValues = z.output<typeof joinWaitlistSchema>;

export const waitlistEntryIdSchema = z.object({ entryId: z.uuid() });

/** The waitlist page's filters (URL). */
export const waitlistListParamsSchema = z.object({
  storeId: z.uuid().optional().catch(undefined),
  day: z.string().refine(isBusinessDay).optional().catch(undefined),
  status: z.enum(WAITLIST_STATUSES).optional().catch(undefined),
});
export type WaitlistListParams = z.output<typeof waitlistListParamsSchema>;
