import { count, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { members } from "@/db/schema";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import { authorize, type StaffPrincipal } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { removeAllUploads } from "../import/storage";
import { MEMBER_OWNED_TABLES } from "../registry";
import { memberInScopeOrThrow } from "../scope";
import { ERASURE_POLICY } from "./policy";
import { eraseMemberSchema, type EraseMemberInput } from "./schemas";

/** What an erased member is called from then on (the record stays, so that ledgers still add up). */
export const ERASED_MEMBER_NAME = "已注销会员";

/** The personal fields erasure clears (for the audit entry; no values are recorded). */
const ERASED_FIELDS = ["name", "phone", "email", "address", "birthday", "gender", "profile", "searchKeys"] as const;

export type ErasureResult = {
  memberId: string;
  deleted: Record<string, number>;
  blanked: Record<string, number>;
  kept: Record<string, number>;
  /** Pending import uploads deleted: any of them may hold the member's phone or name. */
  importUploadsDeleted: number;
};

/**
 * PIPL right to erasure: anonymises one member of the staff member's stores, irreversibly, after a
 * typed confirmation. Personal fields are replaced, personal side tables deleted or blanked, history
 * kept. Manager only (`members.erase`); audited as `member.erase` without any personal value.
 */
export async function eraseMember(
  db: Db,
  staff: StaffPrincipal,
  actor: Actor,
  rawInput: EraseMemberInput,
): Promise<ErasureResult> {
  authorize(staff, "members.erase");
  const parsed = eraseMemberSchema.safeParse(rawInput);
  if (!parsed.success) {
    throw new AppError("validation", { fieldErrors: { confirmation: ["erasureConfirmationMismatch"] } });
  }
  const { memberId } = parsed.data;

  return db.transaction(async (tx) => {
    const member = await memberInScopeOrThrow(tx, staff, memberId, { forUpdate: true });
    if (member.erasedAt) throw new AppError("conflict", { messageKey: "memberAlreadyErased" });

    const deleted: Record<string, number> = {};
    const blanked: Record<string, number> = {};
    const kept: Record<string, number> = {};
    for (const entry of MEMBER_OWNED_TABLES) {
      const policy = ERASURE_POLICY.get(entry.table);
      if (policy?.kind === "delete") {
        const rows = await tx
          .delete(entry.table)
          .where(eq(entry.memberId, memberId))
          .returning({ one: sql<number>`1` });
        deleted[entry.name] = rows.length;
      } else if (policy?.kind === "blank") {
        const rows = await tx
          .update(entry.table)
          .set(policy.values)
          .where(eq(entry.memberId, memberId))
          .returning({ one: sql<number>`1` });
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

    // Inside the transaction: if the files cannot be deleted, the erasure fails and can be retried.
    const importUploadsDeleted = await removeAllUploads();

    await recordAudit(tx, {
      action: "member.erase",
      ...byActor(actor),
      entityType: "member",
      entityId: memberId,
      storeId: member.homeStoreId,
      details: { erasedFields: [...ERASED_FIELDS], deleted, blanked, kept, importUploadsDeleted },
    });
    return { memberId, deleted, blanked, kept, importUploadsDeleted };
  });
}
