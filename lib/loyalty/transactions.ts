import type { Db } from "@/db/client";
import type { CreateRefundInput, CreateRefundResponse, CreateTransactionInput, CreateTransactionResponse } from "./api-schemas";

/** Who is recording: the POS API key (its store) or a staff member. */
export type SaleSource = { storeId: string; apiKeyId?: string | null; staffId?: string | null };

/** Records a POS purchase (lines, payments, points spent and earned, stored value spent, tier upgrade) in the caller's transaction. */
export async function recordPurchase(db: Db, source: SaleSource, input: CreateTransactionInput): Promise<CreateTransactionResponse> {
  void db; void source; void input;
  throw new Error("not implemented yet");
}

/** Records a refund of a purchase identified by its POS externalId in the source's store. */
export async function recordRefund(db: Db, source: SaleSource, externalId: string, input: CreateRefundInput): Promise<CreateRefundResponse> {
  void db; void source; void externalId; void input;
  throw new Error("not implemented yet");
}
