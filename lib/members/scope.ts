import { and, eq, isNull, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { members } from "@/db/schema";
import { storeFilter, storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";

/** Members the staff member may see: home store in their scope, not merged away. */
export function membersInScope(staff: StaffPrincipal): SQL {
  return and(storeFilter(members.homeStoreId, storeScopeOf(staff)), isNull(members.mergedIntoId))!;
}

/** Loads one member inside the staff member's scope (locked for update when asked); else not found. */
export async function memberInScopeOrThrow(
  db: Db,
  staff: StaffPrincipal,
  memberId: string,
  options: { forUpdate?: boolean } = {},
) {
  const query = db
    .select()
    .from(members)
    .where(and(eq(members.id, memberId), membersInScope(staff)));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  if (!row) throw new AppError("not_found");
  return row;
}

/** A member in scope that may still be written to: an erased member keeps no new data. */
export async function writableMember(db: Db, staff: StaffPrincipal, memberId: string) {
  const member = await memberInScopeOrThrow(db, staff, memberId);
  if (member.erasedAt) throw new AppError("conflict", { messageKey: "memberErased" });
  return member;
}
