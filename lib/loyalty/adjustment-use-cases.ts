import { eq } from "drizzle-orm";
import { pointsAdjustments } from "@/db/schema";
import type { ActionDefinition } from "@/lib/actions/execute";
import { decideAdjustmentSchema, requestAdjustmentSchema } from "./adjustment-schemas";
import { decidePointsAdjustment, requestPointsAdjustment } from "./adjustments";
import { pointsBalance } from "./points";

/**
 * The maker-checker use cases as action definitions (permission, schema, business call):
 * adjustment-actions.ts turns them into server actions, the integration test runs them through
 * executeAction. Store scope is checked inside the business functions (the member's home store).
 */

export type RequestAdjustmentResult = {
  adjustmentId: string;
  memberId: string;
  status: "pending" | "approved" | "rejected";
  /** The member's balance after the request: changed when it applied at once, unchanged when pending. */
  pointsBalance: number;
};

export const requestAdjustmentUseCase = {
  permission: "loyalty.adjust",
  input: requestAdjustmentSchema,
  async run({ staff, actor, input, db }): Promise<RequestAdjustmentResult> {
    const result = await requestPointsAdjustment(db, actor, staff, input);
    return { ...result, memberId: input.memberId, pointsBalance: await pointsBalance(db, input.memberId) };
  },
} satisfies ActionDefinition<typeof requestAdjustmentSchema, RequestAdjustmentResult>;

export type DecideAdjustmentResult = { adjustmentId: string; status: "approved" | "rejected"; memberId: string };

export const decideAdjustmentUseCase = {
  permission: "loyalty.adjust.approve",
  input: decideAdjustmentSchema,
  async run({ staff, actor, input, db }): Promise<DecideAdjustmentResult> {
    const result = await decidePointsAdjustment(db, actor, staff, { adjustmentId: input.adjustmentId, approve: input.approve, note: input.note ?? null });
    const [row] = await db.select({ memberId: pointsAdjustments.memberId }).from(pointsAdjustments).where(eq(pointsAdjustments.id, result.adjustmentId));
    return { ...result, memberId: row!.memberId };
  },
} satisfies ActionDefinition<typeof decideAdjustmentSchema, DecideAdjustmentResult>;
