import { defineUseCase } from "@/lib/actions/use-case";
import { counterRedeemSchema } from "./schemas";
import { redeemAtCounter } from "./service";

/** loyalty.redeem: parking, a gift or a cash offset for a member in the staff member's stores; audited as loyalty.redeem. */
export const counterRedeemUseCase = defineUseCase({
  permission: "loyalty.redeem",
  input: counterRedeemSchema,
  // redeemAtCounter loads the member within the staff member's stores (another store's is not found).
  scope: "in-run",
  run: ({ staff, actor, input, db }) => redeemAtCounter(db, actor, staff, input),
  // After run: TypeScript infers the output type from run first.
  revalidate: (_input, output) => [`/members/${output.memberId}`],
});
