import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { memberCards, members } from "@/db/schema";
import { maskName, maskPhone } from "@/lib/members/masking";
import type { MemberLookupQuery, MemberLookupResponse } from "./api-schemas";
import { findMemberId } from "./member-ref";
import { pointsBalance } from "./points";

/** The POS member look-up: masked name and phone, tier, points balance and card numbers. Null when nobody matches. */
export async function lookupMember(db: Db, query: MemberLookupQuery): Promise<MemberLookupResponse | null> {
  const memberId = await findMemberId(db, query);
  if (!memberId) return null;
  const [[member], cards, balance] = await Promise.all([
    db.select({ id: members.id, name: members.name, phone: members.phoneE164, tier: members.tier }).from(members).where(eq(members.id, memberId)),
    db.select({ cardNo: memberCards.cardNo }).from(memberCards).where(eq(memberCards.memberId, memberId)).orderBy(memberCards.createdAt),
    pointsBalance(db, memberId),
  ]);
  return {
    memberId,
    maskedName: maskName(member!.name),
    maskedPhone: member!.phone ? maskPhone(member!.phone) : null,
    tier: member!.tier,
    pointsBalance: balance,
    cards: cards.map((c) => c.cardNo),
  };
}
