import { and, eq, isNull, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { memberCards, members } from "@/db/schema";
import { normalizeChinaMobile } from "@/lib/members/phone";

/** The members WHERE condition for a POS reference; null when the phone is not a mobile number at all. */
export function memberRefCondition(ref: { phone: string } | { cardNo: string }): SQL | null {
  if ("phone" in ref) {
    const phone = normalizeChinaMobile(ref.phone);
    return phone.ok ? eq(members.phoneE164, phone.e164) : null;
  }
  return sql`${members.id} = (select ${memberCards.memberId} from ${memberCards} where ${memberCards.cardNo} = ${ref.cardNo.normalize("NFKC").trim()})`;
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
