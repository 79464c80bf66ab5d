import { z } from "zod";
import type { ApiPrincipal } from "@/lib/api/authenticate";
import { ApiRequestError } from "@/lib/api/errors";
import { defineApiRoute } from "@/lib/api/route";
import { lookupMemberLimited } from "../member-presence/lookups";
import { memberSpendingIn, requireMemberPresence } from "../member-presence/service";
import {
  createRefundResponseSchema,
  createRefundSchema,
  createTransactionResponseSchema,
  createTransactionSchema,
  memberLookupQuerySchema,
  memberLookupResponseSchema,
} from "./schemas";
import { recordRefund } from "./refunds";
import { recordPurchase } from "./service";

/**
 * The POS API v1 operations on sales: purchases, refunds and the member look-up the till makes
 * first. app/api/v1 serves them and the OpenAPI document lists them (../api.ts). A key acts for its
 * own store only: the business functions refuse a body naming another store (recordPurchase, recordRefund).
 */

/** The key's store as its look-up read it: the sale's store needs no second read. */
const keyStore = (principal: ApiPrincipal) => ({ code: principal.storeCode, timeZone: principal.storeTimeZone });

export const createTransactionRoute = defineApiRoute({
  method: "POST",
  path: "/api/v1/transactions",
  operationId: "createTransaction",
  summary: "Record a purchase",
  description:
    "Records a POS purchase with its lines and payments. Points and stored-value payments are spent in the same database transaction and need `memberCode`, the code the member shows in the member app (a stored-value card nobody holds is a bearer card and needs none); points are earned at the tier the member held before the purchase.",
  body: createTransactionSchema,
  response: createTransactionResponseSchema,
  names: { body: "CreateTransactionRequest", response: "CreateTransactionResponse" },
  successStatus: 201,
  errors: [
    { status: 403, code: "forbidden" },
    { status: 403, code: "member_code_invalid" },
    { status: 409, code: "insufficient_points" },
    { status: 409, code: "insufficient_balance" },
    { status: 409, code: "card_not_usable" },
    { status: 409, code: "conflict" },
    { status: 422, code: "member_not_found" },
  ],
  async run({ db, storeId, apiKeyId, principal, body }) {
    await requireMemberPresence(db, apiKeyId, await memberSpendingIn(db, body), body.memberCode);
    return recordPurchase(db, { storeId, apiKeyId, store: keyStore(principal) }, body);
  },
});

export const createRefundRoute = defineApiRoute({
  method: "POST",
  path: "/api/v1/transactions/{externalId}/refunds",
  operationId: "createRefund",
  summary: "Refund a purchase",
  description:
    "Refunds (part of) a purchase identified by its POS externalId in the key's store: reverses the points it earned pro rata and gives back stored value and points paid with.",
  params: z.object({
    externalId: z.string().trim().min(1).max(64).meta({ description: "The purchase's POS externalId." }),
  }),
  body: createRefundSchema,
  response: createRefundResponseSchema,
  names: { body: "CreateRefundRequest", response: "CreateRefundResponse" },
  successStatus: 201,
  errors: [
    { status: 403, code: "forbidden" },
    { status: 404, code: "not_found" },
    { status: 409, code: "conflict" },
    { status: 422, code: "refund_exceeds_paid" },
  ],
  async run({ db, storeId, apiKeyId, principal, params, body }) {
    return recordRefund(db, { storeId, apiKeyId, store: keyStore(principal) }, params.externalId, body);
  },
});

export const lookupMemberRoute = defineApiRoute({
  method: "GET",
  path: "/api/v1/members/lookup",
  operationId: "lookupMember",
  summary: "Look up a member",
  description:
    "Finds a member by mobile phone or member card number (exactly one of the two): masked name and phone, tier, points balance and stored-value cards. Every look-up is logged per key; a key may make 600 an hour, of which 60 may find nobody, and one member may be looked up 20 times an hour from all tills together (429 with Retry-After beyond).",
  query: memberLookupQuerySchema,
  response: memberLookupResponseSchema,
  names: { response: "MemberLookupResponse" },
  successStatus: 200,
  errors: [
    { status: 404, code: "member_not_found" },
    { status: 429, code: "rate_limited" },
  ],
  async run({ db, apiKeyId, query }) {
    const member = await lookupMemberLimited(db, apiKeyId, query);
    // A look-up that finds nobody is a 404 (the resource does not exist), unlike a purchase naming
    // an unknown member, which is an unprocessable request (422).
    if (!member) throw new ApiRequestError(404, "member_not_found");
    return member;
  },
});
