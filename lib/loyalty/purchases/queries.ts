import { and, eq, isNull, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { memberCards, members } from "@/db/schema";
import { normalizeCardNo } from "@/lib/members/card-number";
import { maskName, maskPhone } from "@/lib/members/masking";
import { normalizeChinaMobile } from "@/lib/members/phone";
import { pointsBalance } from "../points/queries";
import type { MemberKey } from "../points/service";
import type { MemberLookupQuery, MemberLookupResponse } from "./schemas";

/** The members WHERE condition for a POS reference; null when the phone is not a mobile number at all. */
export function memberRefCondition(ref: { phone: string } | { cardNo: string }): SQL | null {
  if ("phone" in ref) {
    const phone = normalizeChinaMobile(ref.phone);
    return phone.ok ? eq(members.phoneE164, phone.e164) : null;
  }
  return sql`${members.id} = (select ${memberCards.memberId} from ${memberCards} where ${memberCards.cardNo} = ${normalizeCardNo(ref.cardNo)})`;
}

/** A POS reference normalised for a look-up; null when the phone is not a mobile number at all. */
export function memberKey(ref: { phone: string } | { cardNo: string }): MemberKey | null {
  if ("phone" in ref) {
    const phone = normalizeChinaMobile(ref.phone);
    return phone.ok ? { phoneE164: phone.e164 } : null;
  }
  return { cardNo: normalizeCardNo(ref.cardNo) };
}

/** Finds a live member by mobile phone (any common spelling) or member card number; null when none. */
export async function findMemberId(db: Db, ref: { phone: string } | { cardNo: string }): Promise<string | null> {
  const condition = memberRefCondition(ref);
  if (!condition) return null;
  const [row] = await db
    .select({ id: members.id })
    .from(members)
    .where(and(condition, isNull(members.mergedIntoId)));
  return row?.id ?? null;
}

/** The POS member look-up: masked name and phone, tier, points balance and card numbers. Null when nobody matches. */
export async function lookupMember(db: Db, query: MemberLookupQuery): Promise<MemberLookupResponse | null> {
  const memberId = await findMemberId(db, query);
  if (!memberId) return null;
  const [[member], cards, balance] = await Promise.all([
    db
      .select({ id: members.id, name: members.name, phone: members.phoneE164, tier: members.tier })
      .from(members)
      .where(eq(members.id, memberId)),
    db
      .select({ cardNo: memberCards.cardNo })
      .from(memberCards)
      .where(eq(memberCards.memberId, memberId))
      .orderBy(memberCards.createdAt),
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
