import type { Db } from "@/db/client";
import { defineUseCase } from "@/lib/actions/use-case";
import { storeScopeOf } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { pointsBalance } from "@/lib/loyalty/points/queries";
import type { StaffAccount } from "@/lib/staff/principal";
import { complaintInScope } from "./queries";
import {
  decideCompensationSchema,
  requestCompensationSchema,
  setComplaintBudgetSchema,
  setRegulatorReferralSchema,
} from "./schemas";
import {
  decideCompensation,
  requestCompensation,
  setComplaintBudget,
  setRegulatorReferral,
  type DecideCompensationResult,
  type RequestCompensationResult,
} from "./service";

// Store scope is the complaint's store: another store's complaint (or its compensation) is "not
// found". docs/domain.md#compensation-and-budget
const APPROVALS = "/complaints/approvals";
const BUDGETS = "/complaints/budgets";
const pagesOf = (complaintId: string) => [`/complaints/${complaintId}`, APPROVALS, BUDGETS];

/** The complaint's store, found in the staff member's stores (else not found). */
async function complaintStore(context: { db: Db; staff: StaffAccount; input: { complaintId: string } }) {
  return (await complaintInScope(context.db, context.staff, context.input.complaintId)).storeId;
}

export type RequestCompensationUseCaseResult = RequestCompensationResult & {
  /** The member's points balance after the request: up when approved at once, unchanged when pending. */
  pointsBalance: number | null;
};

/**
 * complaints.handle: goodwill points for a complaint's member. Within the requester's threshold they
 * are approved at once (within the store's monthly budget); above it they wait for another manager.
 */
export const requestCompensationUseCase = defineUseCase({
  permission: "complaints.handle",
  input: requestCompensationSchema,
  scope: complaintStore,
  async run({ staff, actor, input, db }): Promise<RequestCompensationUseCaseResult> {
    const result = await requestCompensation(db, actor, staff, input);
    const complaint = await complaintInScope(db, staff, input.complaintId);
    return { ...result, pointsBalance: complaint.memberId ? await pointsBalance(db, complaint.memberId) : null };
  },
  revalidate: (_input, output) => pagesOf(output.complaintId),
});

/** complaints.compensate.approve: approve or reject a pending compensation; the maker cannot decide their own. */
export const decideCompensationUseCase = defineUseCase({
  permission: "complaints.compensate.approve",
  input: decideCompensationSchema,
  // The business function finds the compensation in the manager's stores on the row it locks.
  scope: "in-run",
  run: ({ staff, actor, input, db }): Promise<DecideCompensationResult> =>
    decideCompensation(db, actor, staff, {
      compensationId: input.compensationId,
      approve: input.approve,
      note: input.note ?? null,
    }),
  revalidate: (_input, output) => pagesOf(output.complaintId),
});

/** complaints.handle: flag a complaint as referred by the regulator (12315) with its deadline, or clear it. */
export const setRegulatorReferralUseCase = defineUseCase({
  permission: "complaints.handle",
  input: setRegulatorReferralSchema,
  scope: complaintStore,
  run: ({ staff, actor, input, db }) => setRegulatorReferral(db, actor, staff, input),
  revalidate: (input) => [`/complaints/${input.complaintId}`, "/complaints"],
});

/** complaints.budget: a store's goodwill budget for the current or a later month. */
export const setComplaintBudgetUseCase = defineUseCase({
  permission: "complaints.budget",
  input: setComplaintBudgetSchema,
  scope: ({ staff, input }) => {
    // Another store's budget is "not found", like any record outside the staff member's stores.
    const scope = storeScopeOf(staff);
    if (scope.kind === "stores" && !scope.storeIds.includes(input.storeId)) throw new AppError("not_found");
    return input.storeId;
  },
  run: ({ actor, input, db }) => setComplaintBudget(db, actor, input),
  revalidate: () => [BUDGETS, APPROVALS],
});
