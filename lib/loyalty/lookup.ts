import type { Db } from "@/db/client";
import type { MemberLookupQuery, MemberLookupResponse } from "./api-schemas";

/** The POS member look-up: masked name and phone, tier, points balance and card numbers. Null when nobody matches. */
export async function lookupMember(db: Db, query: MemberLookupQuery): Promise<MemberLookupResponse | null> {
  void db; void query;
  throw new Error("not implemented yet");
}
