import { defineUseCase } from "@/lib/actions/use-case";
import { decideClaimSchema, flagDefectSchema } from "./schemas";
import { decideDefectClaim, flagDefectClaim } from "./service";

// Quality-defect claims (docs/domain.md#jewelry-after-sales). Scope "in-run": the service locks the
// ticket anyway and finds it only in the staff member's stores (another store's ticket is not found).

const pagesOf = (ticketId: string, memberId: string) => [
  "/after-sales",
  `/after-sales/tickets/${ticketId}`,
  `/after-sales/tickets/${ticketId}/claim`,
  `/members/${memberId}`,
];

/** aftersales.work: flag a ticket at inspection as a defect claim, with the evidence. */
export const flagDefectClaimUseCase = defineUseCase({
  permission: "aftersales.work",
  input: flagDefectSchema,
  scope: "in-run",
  run: ({ staff, actor, input, db }) => flagDefectClaim(db, actor, staff, input),
  revalidate: (_input, output) => pagesOf(output.ticketId, output.memberId),
});

/** aftersales.claims.decide (managers): repair, exchange or refund; not the one who flagged it. */
export const decideDefectClaimUseCase = defineUseCase({
  permission: "aftersales.claims.decide",
  input: decideClaimSchema,
  scope: "in-run",
  run: ({ staff, actor, input, db }) => decideDefectClaim(db, actor, staff, input),
  revalidate: (_input, output) => [...pagesOf(output.ticketId, output.memberId), "/after-sales/report"],
});
