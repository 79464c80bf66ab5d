import { count, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { memberCards, stores } from "@/db/schema";
import type { StaffPrincipal } from "@/lib/auth/policy";
import { maskName, maskPhone } from "../masking";
import { MEMBER_OWNED_TABLES } from "../registry";
import { memberInScopeOrThrow } from "../scope";
import { erasureEffect } from "./policy";

/** Rows of each member-owned table for one member, keyed by table name. */
async function ownedRowCounts(db: Db, memberId: string): Promise<Record<string, number>> {
  const counts = await Promise.all(
    MEMBER_OWNED_TABLES.map(async (entry) => {
      const [row] = await db.select({ value: count() }).from(entry.table).where(eq(entry.memberId, memberId));
      return [entry.name, row?.value ?? 0] as const;
    }),
  );
  return Object.fromEntries(counts);
}

export type ErasureSubject = {
  id: string;
  maskedName: string;
  maskedPhone: string;
  storeCode: string | null;
  registeredAt: Date;
  erasedAt: Date | null;
  cardCount: number;
  /** Rows per member-owned table and what erasure will do with them. */
  tables: { name: string; rows: number; effect: "delete" | "blank" | "keep" }[];
};

/** The erase page's summary of one member (masked), or not found outside the staff member's stores. */
export async function loadErasureSubject(db: Db, staff: StaffPrincipal, memberId: string): Promise<ErasureSubject> {
  const member = await memberInScopeOrThrow(db, staff, memberId);
  const [[store], [cards], rowCounts] = await Promise.all([
    db.select({ code: stores.code }).from(stores).where(eq(stores.id, member.homeStoreId)),
    db.select({ value: count() }).from(memberCards).where(eq(memberCards.memberId, memberId)),
    ownedRowCounts(db, memberId),
  ]);
  return {
    id: member.id,
    maskedName: member.erasedAt ? member.name : maskName(member.name),
    maskedPhone: maskPhone(member.phoneE164),
    storeCode: store?.code ?? null,
    registeredAt: member.registeredAt,
    erasedAt: member.erasedAt,
    cardCount: cards?.value ?? 0,
    tables: MEMBER_OWNED_TABLES.map((entry) => ({
      name: entry.name,
      rows: rowCounts[entry.name] ?? 0,
      effect: erasureEffect(entry.table),
    })),
  };
}
