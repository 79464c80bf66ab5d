import type { Db } from "@/db/client";
import type { RedemptionInput, RedemptionResponse } from "./api-schemas";
import type { SaleSource } from "./transactions";

/** Redeems points for parking, a gift or a cash offset, in the caller's transaction. */
export async function redeemPoints(db: Db, source: SaleSource, memberId: string, input: RedemptionInput): Promise<RedemptionResponse> {
  void db; void source; void memberId; void input;
  throw new Error("not implemented yet");
}
