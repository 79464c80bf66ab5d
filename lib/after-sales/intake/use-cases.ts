import { defineUseCase } from "@/lib/actions/use-case";
import { intakeMemberContext } from "./queries";
import { intakeMemberSchema, intakeSchema, priceListFormSchema } from "./schemas";
import { createServiceTicket, savePriceList } from "./service";

// Intake of service tickets and the price list (docs/domain.md#jewelry-after-sales).

/** aftersales.intake at the store taking the piece in (one of the staff member's; another is not found). */
export const createServiceTicketUseCase = defineUseCase({
  permission: "aftersales.intake",
  input: intakeSchema,
  scope: ({ input }) => input.storeId,
  // Two intakes of one day queue on the reference's advisory lock; a deadlock report is retried.
  retries: 3,
  run: ({ staff, actor, input, db }) => createServiceTicket(db, actor, staff, input),
  revalidate: (_input, output) => [
    "/after-sales",
    `/after-sales/tickets/${output.ticketId}`,
    `/after-sales/items/${output.itemId}`,
    `/members/${output.memberId}`,
  ],
});

/** The chosen member's pieces and purchases, for the intake form (a read; the member in scope, else not found). */
export const intakeMemberContextUseCase = defineUseCase({
  permission: "aftersales.intake",
  input: intakeMemberSchema,
  scope: "in-run",
  run: ({ staff, input, db }) => intakeMemberContext(db, staff, input.memberId),
});

/** aftersales.prices (admins, managers): a new version of the price list, audited as settings.save. */
export const savePriceListUseCase = defineUseCase({
  permission: "aftersales.prices",
  input: priceListFormSchema,
  // The price list is company-wide, not a store's.
  scope: "global",
  run: ({ actor, input, db }) => savePriceList(db, actor, input),
  revalidate: () => ["/after-sales/prices", "/after-sales/tickets/new"],
});
