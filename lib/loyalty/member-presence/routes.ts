import { defineApiRoute } from "@/lib/api/route";
import { issueMemberCodeResponseSchema, issueMemberCodeSchema } from "./schemas";
import { issueMemberCode } from "./service";

/** The member app's one operation (app/api/v1/member-codes; listed in ../api.ts): a code proving the member is present. */
export const issueMemberCodeRoute = defineApiRoute({
  method: "POST",
  path: "/api/v1/member-codes",
  operationId: "issueMemberCode",
  summary: "Issue a member code (member app)",
  description:
    "For the member app's server only (a `member_app` key): a 6-digit code for a member it has signed in, valid for 2 minutes and once, that the member shows at the till. A till needs it to spend the member's points or stored value. A new code ends the member's earlier ones; at most 5 codes per member in 10 minutes.",
  body: issueMemberCodeSchema,
  response: issueMemberCodeResponseSchema,
  names: { body: "IssueMemberCodeRequest", response: "IssueMemberCodeResponse" },
  successStatus: 201,
  keyKinds: ["member_app"],
  errors: [
    { status: 422, code: "member_not_found" },
    { status: 429, code: "rate_limited" },
  ],
  async run({ db, apiKeyId, body }) {
    return issueMemberCode(db, apiKeyId, body);
  },
});
