import { and, asc, eq, getTableColumns, inArray, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Db } from "@/db/client";
import { members } from "@/db/schema";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import { authorize, storeFilter, storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { MEMBER_OWNED_TABLES, type MemberOwnedTable } from "../registry";
import { mergeMembersSchema, type MergeMembersInput } from "./schemas";

/** Identity fields the survivor takes from a merged member when its own are empty. */
const FILLABLE_FIELDS = ["email", "address", "birthday", "advisorId"] as const;
type FillableField = (typeof FILLABLE_FIELDS)[number] | "gender" | "profile";

export type MergeResult = {
  survivorId: string;
  mergedIds: string[];
  /** Rows moved to the survivor, per registered table. */
  moved: Record<string, number>;
  /** Rows of merged members dropped because the survivor already had the same key (e.g. a tag). */
  dropped: Record<string, number>;
  filledFields: FillableField[];
};

/** The JS key of a table's column, so that a generic UPDATE can set it. */
function columnKey(table: PgTable, column: PgColumn): string {
  const entry = Object.entries(getTableColumns(table)).find(([, c]) => c === column);
  if (!entry) throw new Error(`member column not found in its table`);
  return entry[0];
}

/**
 * Rows of `from` that would collide with the survivor's on the table's extra unique columns.
 * No correlated subquery: `(cols) in (select cols … where member = survivor)` is correct even though
 * drizzle renders single-table columns unqualified (each name binds to its own FROM).
 */
function collidesWithSurvivor(entry: MemberOwnedTable, db: Db, survivorId: string): SQL {
  const cols = entry.uniqueWith!;
  const survivorKeys = db
    .select(Object.fromEntries(cols.map((c, i) => [`k${i}`, c])))
    .from(entry.table)
    .where(eq(entry.memberId, survivorId));
  return sql`(${sql.join(cols, sql`, `)}) in (${survivorKeys})`;
}

/**
 * Folds `mergedIds` into `survivorId` in one transaction: every row of every member-owned table
 * (the registry, so tables later issues add are reached) moves to the survivor; the survivor fills
 * its empty identity fields from the merged members; the merged members keep their name for history,
 * lose their phone (unique) and point at the survivor. All members must be in the staff member's
 * stores (else not found); a member already merged or erased is refused. Audited as `member.merge`.
 */
export async function mergeMembers(
  db: Db,
  staff: StaffPrincipal,
  actor: Actor,
  rawInput: MergeMembersInput,
): Promise<MergeResult> {
  authorize(staff, "members.merge");
  const parsed = mergeMembersSchema.safeParse(rawInput);
  if (!parsed.success) {
    const selfMerge = parsed.error.issues.some((issue) => issue.message === "mergeIntoSelf");
    throw selfMerge ? new AppError("conflict", { messageKey: "mergeIntoSelf" }) : new AppError("validation");
  }
  const survivorId = parsed.data.survivorId;
  const mergedIds = [...new Set(parsed.data.mergedIds)];
  const allIds = [survivorId, ...mergedIds];

  return db.transaction(async (tx) => {
    // Lock every member involved in id order, so that two overlapping merges cannot deadlock.
    const locked = await tx
      .select()
      .from(members)
      .where(and(inArray(members.id, allIds), storeFilter(members.homeStoreId, storeScopeOf(staff))))
      .orderBy(asc(members.id))
      .for("update");
    const byId = new Map(locked.map((m) => [m.id, m]));
    for (const id of allIds) if (!byId.has(id)) throw new AppError("not_found");

    const survivor = byId.get(survivorId)!;
    if (survivor.mergedIntoId) throw new AppError("conflict", { messageKey: "mergeSurvivorMerged" });
    if (survivor.erasedAt) throw new AppError("conflict", { messageKey: "memberErased" });
    const merged = mergedIds.map((id) => byId.get(id)!);
    for (const member of merged) {
      if (member.mergedIntoId) throw new AppError("conflict", { messageKey: "memberAlreadyMerged" });
      if (member.erasedAt) throw new AppError("conflict", { messageKey: "memberErased" });
    }

    const moved: Record<string, number> = {};
    const dropped: Record<string, number> = {};
    for (const entry of MEMBER_OWNED_TABLES) {
      const key = columnKey(entry.table, entry.memberId);
      moved[entry.name] = 0;
      dropped[entry.name] = 0;
      // One merged member at a time: after the first moves, the next one's collisions are with the survivor too.
      for (const member of merged) {
        if (entry.uniqueWith?.length) {
          const gone = await tx
            .delete(entry.table)
            .where(and(eq(entry.memberId, member.id), collidesWithSurvivor(entry, tx, survivorId)))
            .returning({ one: sql<number>`1` });
          dropped[entry.name]! += gone.length;
        }
        const rows = await tx
          .update(entry.table)
          .set({ [key]: survivorId })
          .where(eq(entry.memberId, member.id))
          .returning({ one: sql<number>`1` });
        moved[entry.name]! += rows.length;
      }
    }

    // The survivor keeps what it has; empty fields are filled from the merged members, oldest first.
    const fill: Partial<typeof members.$inferInsert> = {};
    const filledFields: FillableField[] = [];
    const donors = [...merged].sort((a, b) => a.registeredAt.getTime() - b.registeredAt.getTime());
    for (const field of FILLABLE_FIELDS) {
      if (survivor[field] != null && survivor[field] !== "") continue;
      const donor = donors.find((m) => m[field] != null && m[field] !== "");
      if (donor) {
        (fill as Record<string, unknown>)[field] = donor[field];
        filledFields.push(field);
      }
    }
    if (survivor.gender === "unknown") {
      const donor = donors.find((m) => m.gender !== "unknown");
      if (donor) {
        fill.gender = donor.gender;
        filledFields.push("gender");
      }
    }
    if (Object.keys(survivor.profile ?? {}).length === 0) {
      const donor = donors.find((m) => Object.keys(m.profile ?? {}).length > 0);
      if (donor) {
        fill.profile = donor.profile;
        filledFields.push("profile");
      }
    }

    const now = new Date();
    await tx
      .update(members)
      .set({ mergedIntoId: survivorId, phoneE164: null, phoneLast4: null, updatedAt: now })
      .where(inArray(members.id, mergedIds));
    // Members folded earlier into one of the merged members now point at the survivor directly.
    const repointed = await tx
      .update(members)
      .set({ mergedIntoId: survivorId, updatedAt: now })
      .where(inArray(members.mergedIntoId, mergedIds))
      .returning({ id: members.id });
    await tx
      .update(members)
      .set({ ...fill, updatedAt: now })
      .where(eq(members.id, survivorId));

    await recordAudit(tx, {
      action: "member.merge",
      ...byActor(actor),
      entityType: "member",
      entityId: survivorId,
      storeId: survivor.homeStoreId,
      details: { survivorId, mergedIds, moved, dropped, filledFields, repointed: repointed.map((r) => r.id) },
    });
    return { survivorId, mergedIds, moved, dropped, filledFields };
  });
}
