import { count, eq, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Db } from "@/db/client";
import { memberCards, memberImportantDates, memberNotes, members, memberTags, memberWishlistItems, stores } from "@/db/schema";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import { authorize, type StaffPrincipal } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { maskName, maskPhone } from "./masking";
import { eraseMemberSchema, type EraseMemberInput } from "./privacy-admin-schemas";
import { MEMBER_OWNED_TABLES } from "./registry";
import { memberInScopeOrThrow } from "./scope";

export { eraseMemberSchema, type EraseMemberInput };

/** What an erased member is called from then on (the record stays, so that ledgers still add up). */
export const ERASED_MEMBER_NAME = "已注销会员";

/**
 * What erasure does to each member-owned table. Rows describing the person (dates of their family,
 * wishes, tags, free-text notes) go; history that must stay accountable (cards, consent records,
 * and every ledger, purchase, ticket or complaint table that registers later) stays, pointing at
 * the anonymised member. A table missing here is kept.
 */
type ErasurePolicy = { kind: "delete" } | { kind: "blank"; values: Record<string, unknown> };
const ERASURE_POLICY = new Map<PgTable, ErasurePolicy>([
  [memberImportantDates, { kind: "delete" }],
  [memberWishlistItems, { kind: "delete" }],
  [memberTags, { kind: "delete" }],
  // The timeline keeps its shape (who wrote when) but not the text, which may describe the person.
  [memberNotes, { kind: "blank", values: { body: "" } }],
]);

/** The personal fields erasure clears (for the audit entry; no values are recorded). */
const ERASED_FIELDS = ["name", "phone", "email", "address", "birthday", "gender", "profile", "searchKeys"] as const;

export type ErasureResult = {
  memberId: string;
  deleted: Record<string, number>;
  blanked: Record<string, number>;
  kept: Record<string, number>;
};

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

/**
 * PIPL right to erasure: anonymises one member of the staff member's stores, irreversibly, after a
 * typed confirmation. Personal fields are replaced, personal side tables deleted or blanked, history
 * kept. Manager only (`members.erase`); audited as `member.erase` without any personal value.
 */
export async function eraseMember(db: Db, staff: StaffPrincipal, actor: Actor, rawInput: EraseMemberInput): Promise<ErasureResult> {
  authorize(staff, "members.erase");
  const parsed = eraseMemberSchema.safeParse(rawInput);
  if (!parsed.success) {
    throw new AppError("validation", undefined, { confirmation: ["erasureConfirmationMismatch"] });
  }
  const { memberId } = parsed.data;

  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const member = await memberInScopeOrThrow(t, staff, memberId, { forUpdate: true });
    if (member.erasedAt) throw new AppError("conflict", "memberAlreadyErased");

    const deleted: Record<string, number> = {};
    const blanked: Record<string, number> = {};
    const kept: Record<string, number> = {};
    for (const entry of MEMBER_OWNED_TABLES) {
      const policy = ERASURE_POLICY.get(entry.table);
      if (policy?.kind === "delete") {
        const rows = await tx.delete(entry.table).where(eq(entry.memberId, memberId)).returning({ one: sql<number>`1` });
        deleted[entry.name] = rows.length;
      } else if (policy?.kind === "blank") {
        const rows = await tx.update(entry.table).set(policy.values).where(eq(entry.memberId, memberId)).returning({ one: sql<number>`1` });
        blanked[entry.name] = rows.length;
      } else {
        const [row] = await tx.select({ value: count() }).from(entry.table).where(eq(entry.memberId, memberId));
        kept[entry.name] = row?.value ?? 0;
      }
    }

    const now = new Date();
    await tx
      .update(members)
      .set({
        name: ERASED_MEMBER_NAME,
        namePinyin: "",
        nameInitials: "",
        nameGrams: [],
        phoneE164: null,
        phoneLast4: null,
        email: null,
        address: null,
        birthday: null,
        gender: "unknown",
        profile: {},
        erasedAt: now,
        updatedAt: now,
      })
      .where(eq(members.id, memberId));

    await recordAudit(t, {
      action: "member.erase",
      ...byActor(actor),
      entityType: "member",
      entityId: memberId,
      storeId: member.homeStoreId,
      details: { erasedFields: [...ERASED_FIELDS], deleted, blanked, kept },
    });
    return { memberId, deleted, blanked, kept };
  });
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
    tables: MEMBER_OWNED_TABLES.map((entry) => {
      const policy = ERASURE_POLICY.get(entry.table);
      return { name: entry.name, rows: rowCounts[entry.name] ?? 0, effect: policy?.kind ?? "keep" };
    }),
  };
}
