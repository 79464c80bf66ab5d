import { defineUseCase } from "@/lib/actions/use-case";
import { waitlistEntryStoreInScope } from "./queries";
import { joinWaitlistSchema, waitlistEntryIdSchema } from "./schemas";
import { joinWaitlist, leaveWaitlist } from "./service";

// The waitlist (docs/domain.md#waitlist): whoever books visits may put a member on it or take them off.

const WAITLIST_PAGES = ["/appointments/waitlist"];

export const joinWaitlistUseCase = defineUseCase({
  permission: "appointments.book",
  input: joinWaitlistSchema,
  scope: ({ input }) => input.storeId,
  run: ({ staff, actor, input, db }) => joinWaitlist(db, actor, staff, input),
  revalidate: () => WAITLIST_PAGES,
});

export const leaveWaitlistUseCase = defineUseCase({
  permission: "appointments.book",
  input: waitlistEntryIdSchema,
  scope: ({ db, staff, input }) => waitlistEntryStoreInScope(db, staff, input.entryId),
  run: ({ staff, actor, input, db }) => leaveWaitlist(db, actor, staff, input),
  revalidate: () => WAITLIST_PAGES,
});
