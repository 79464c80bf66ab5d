import { z } from "zod";
import { defineApiRoute } from "@/lib/api/route";
import { memberCodeSchema } from "../purchases/schemas";
import { requireMemberPresence } from "../member-presence/service";
import { redemptionResponseSchema, redemptionSchema } from "./schemas";
import { redeemPoints } from "./service";

/** The POS API v1 redemption (app/api/v1/members/[id]/redemptions; listed in ../api.ts). */
export const createRedemptionRoute = defineApiRoute({
  method: "POST",
  path: "/api/v1/members/{id}/redemptions",
  operationId: "createRedemption",
  summary: "Redeem points",
  description:
    "Redeems the member's points for parking (200 points per hour), a gift from the catalogue, or a cash offset (100 points = ¥1), with the code the member shows in the member app (proof the member is present). Never takes the balance below zero.",
  params: z.object({ id: z.uuid().meta({ description: "The member's id (memberId from the look-up)." }) }),
  body: redemptionSchema.and(z.object({ memberCode: memberCodeSchema })),
  response: redemptionResponseSchema,
  names: { body: "RedemptionRequest", response: "RedemptionResponse" },
  successStatus: 201,
  errors: [
    { status: 403, code: "member_code_invalid" },
    { status: 404, code: "not_found" },
    { status: 409, code: "insufficient_points" },
    { status: 409, code: "out_of_stock" },
    { status: 422, code: "member_not_found" },
  ],
  async run({ db, storeId, apiKeyId, params, body }) {
    await requireMemberPresence(db, apiKeyId, params.id, body.memberCode);
    return redeemPoints(db, { storeId, apiKeyId }, params.id, body);
  },
});
