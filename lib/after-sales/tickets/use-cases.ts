import { defineUseCase } from "@/lib/actions/use-case";
import { changeTicketStatusSchema, ticketNoteSchema } from "./schemas";
import { addTicketNote, changeTicketStatus } from "./service";

// Working a service ticket (docs/domain.md#jewelry-after-sales). Scope is
// "in-run": each business function locks the ticket in the staff member's stores (another store's
// ticket is not found), and a separate look-up would only add a round trip.

export const ticketPages = (ticketId: string) => ["/after-sales", `/after-sales/tickets/${ticketId}`];

/** A workflow step or a cancellation (aftersales.work). */
export const changeTicketStatusUseCase = defineUseCase({
  permission: "aftersales.work",
  input: changeTicketStatusSchema,
  scope: "in-run",
  run: ({ staff, actor, input, db }) => changeTicketStatus(db, actor, staff, input),
  revalidate: (input) => ticketPages(input.ticketId),
});

export const addTicketNoteUseCase = defineUseCase({
  permission: "aftersales.work",
  input: ticketNoteSchema,
  scope: "in-run",
  run: ({ staff, actor, input, db }) => addTicketNote(db, actor, staff, input),
  revalidate: (input) => ticketPages(input.ticketId),
});
