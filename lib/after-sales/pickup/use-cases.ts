import { defineUseCase } from "@/lib/actions/use-case";
import { ticketPages } from "@/lib/after-sales/tickets/use-cases";
import { pickupSchema, unlockClaimSchema } from "./schemas";
import { pickUpTicket, unlockClaim } from "./service";

// The pickup and the manager's unlock (docs/domain.md#jewelry-after-sales).
// Scope is "in-run": the service locks the ticket in the staff member's stores (else not found).

/** Claim code, weight, hand-over (aftersales.pickup). A wrong code commits its count and fails. */
export const pickUpTicketUseCase = defineUseCase({
  permission: "aftersales.pickup",
  input: pickupSchema,
  scope: "in-run",
  run: ({ staff, actor, input, db }) => pickUpTicket(db, actor, staff, input),
  revalidate: (input) => [...ticketPages(input.ticketId), `/after-sales/tickets/${input.ticketId}/pickup`],
});

/** A manager's review of a locked claim code (aftersales.unlock). */
export const unlockClaimUseCase = defineUseCase({
  permission: "aftersales.unlock",
  input: unlockClaimSchema,
  scope: "in-run",
  run: ({ staff, actor, input, db }) => unlockClaim(db, actor, staff, input),
  revalidate: (input) => [...ticketPages(input.ticketId), `/after-sales/tickets/${input.ticketId}/pickup`],
});
