import { and, count, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jewelryItems, salesTransactionLines, salesTransactions, stores } from "@/db/schema";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import { storeFilter, storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { writableMember } from "@/lib/members/scope";
import { itemInScope } from "./queries";
import type { ItemFields, RegisterItemValues, UpdateItemValues } from "./schemas";

/**
 * Writes of item passports (docs/domain.md#jewelry-after-sales), in the caller's
 * transaction. The member must be in the staff member's stores and not erased; a purchase line
 * must be one of that member's purchases (another member's or store's is not found), and a line
 * registers at most as many pieces as it sold. Audit entries hold ids and categories, never the
 * member's personal data.
 */

function fieldError(code: "validation" | "conflict" | "not_found", field: string, key: string): AppError {
  return new AppError(code, { ...(code === "conflict" ? { messageKey: key } : {}), fieldErrors: { [field]: [key] } });
}

/** An active store of the staff member's (the store a piece or ticket is registered at); else not found. */
export async function activeStoreInScope(db: Db, staff: StaffPrincipal, storeId: string) {
  const [store] = await db
    .select({ id: stores.id, timeZone: stores.timeZone, active: stores.active })
    .from(stores)
    .where(and(eq(stores.id, storeId), storeFilter(stores.id, storeScopeOf(staff))));
  if (!store) throw new AppError("not_found");
  if (!store.active) throw fieldError("validation", "storeId", "itemStoreInactive");
  return store;
}

/**
 * The purchase line a piece comes from, locked (two registrations of one line queue here): it must
 * be a line of one of the member's purchases, and not every unit of it registered yet.
 */
async function purchaseLineFor(db: Db, memberId: string, lineId: string, field: string) {
  const [line] = await db
    .select({
      id: salesTransactionLines.id,
      transactionId: salesTransactionLines.transactionId,
      quantity: salesTransactionLines.quantity,
    })
    .from(salesTransactionLines)
    .innerJoin(salesTransactions, eq(salesTransactions.id, salesTransactionLines.transactionId))
    .where(
      and(
        eq(salesTransactionLines.id, lineId),
        eq(salesTransactions.memberId, memberId),
        eq(salesTransactions.kind, "purchase"),
      ),
    )
    .for("update", { of: salesTransactionLines });
  if (!line) throw fieldError("not_found", field, "itemPurchaseNotFound");
  const [registered] = await db
    .select({ value: count() })
    .from(jewelryItems)
    .where(eq(jewelryItems.purchaseLineId, line.id));
  if ((registered?.value ?? 0) >= Math.max(1, line.quantity))
    throw fieldError("conflict", field, "itemLineAlreadyRegistered");
  return line;
}

/**
 * Inserts a piece for a member already checked (in scope, writable) at a store already checked;
 * the intake registers one inline through here too. `fieldPrefix` names the form's fields
 * ("newItem." on the intake form).
 */
export async function insertItem(
  db: Db,
  actor: Actor,
  target: { memberId: string; storeId: string },
  fields: ItemFields,
  options: { fieldPrefix?: string; weightCg?: number | null } = {},
): Promise<{ itemId: string }> {
  const line = fields.purchaseLineId
    ? await purchaseLineFor(db, target.memberId, fields.purchaseLineId, `${options.fieldPrefix ?? ""}purchaseLineId`)
    : null;
  const [row] = await db
    .insert(jewelryItems)
    .values({
      memberId: target.memberId,
      storeId: target.storeId,
      name: fields.name,
      category: fields.category,
      material: fields.material,
      weightCg: fields.weight ?? options.weightCg ?? null,
      stoneCount: fields.stoneCount,
      stones: fields.stones,
      certificateNo: fields.certificateNo,
      size: fields.size,
      purchaseTransactionId: line?.transactionId ?? null,
      purchaseLineId: line?.id ?? null,
      createdBy: actor.staffId,
    })
    .returning({ id: jewelryItems.id });
  const itemId = row!.id;
  await recordAudit(db, {
    ...byActor(actor),
    action: "after_sales.item.register",
    entityType: "jewelry_item",
    entityId: itemId,
    storeId: target.storeId,
    details: {
      memberId: target.memberId,
      category: fields.category,
      purchaseTransactionId: line?.transactionId ?? null,
      purchaseLineId: line?.id ?? null,
    },
  });
  return { itemId };
}

/** Registers a piece for a member of the staff member's stores, at one of their active stores. */
export async function registerItem(
  db: Db,
  actor: Actor,
  staff: StaffPrincipal,
  input: RegisterItemValues,
): Promise<{ itemId: string; memberId: string }> {
  const store = await activeStoreInScope(db, staff, input.storeId);
  const member = await writableMember(db, staff, input.memberId);
  const { itemId } = await insertItem(db, actor, { memberId: member.id, storeId: store.id }, input);
  return { itemId, memberId: member.id };
}

const EDITABLE = ["name", "category", "material", "weightCg", "stoneCount", "stones", "certificateNo", "size"] as const;

/** Edits what describes a piece (not its member, store or sale); audited with the names of the fields changed. */
export async function updateItem(
  db: Db,
  actor: Actor,
  staff: StaffPrincipal,
  input: UpdateItemValues,
  now: Date = new Date(),
): Promise<{ itemId: string; memberId: string; changed: string[] }> {
  const item = await itemInScope(db, staff, input.itemId, { forUpdate: true });
  if (item.memberErased) throw new AppError("conflict", { messageKey: "memberErased" });
  const next = {
    name: input.name,
    category: input.category,
    material: input.material,
    weightCg: input.weight,
    stoneCount: input.stoneCount,
    stones: input.stones,
    certificateNo: input.certificateNo,
    size: input.size,
  };
  const changed = EDITABLE.filter((key) => next[key] !== item[key]);
  if (changed.length > 0) {
    await db
      .update(jewelryItems)
      .set({ ...next, updatedAt: now })
      .where(eq(jewelryItems.id, item.id));
    await recordAudit(db, {
      ...byActor(actor),
      action: "after_sales.item.update",
      entityType: "jewelry_item",
      entityId: item.id,
      storeId: item.storeId,
      details: { changed },
    });
  }
  return { itemId: item.id, memberId: item.memberId, changed };
}
