import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { staff, staffRoles, staffStores, stores } from "@/db/schema";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import { generateOneTimePassword, hashPassword, verifyPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/policy";
import { currentLockout, lockPasswordChecks, recordPasswordCheck } from "@/lib/auth/sign-in";
import { AppError } from "@/lib/errors";
import type { z } from "zod";
import type { createStaffSchema, newPasswordSchema, updateStaffSchema } from "./schemas";

async function assertStoresExist(db: Db, storeIds: readonly string[]) {
  if (storeIds.length === 0) return;
  const found = await db
    .select({ id: stores.id })
    .from(stores)
    .where(inArray(stores.id, [...storeIds]));
  if (found.length !== new Set(storeIds).size)
    throw new AppError("validation", { fieldErrors: { storeIds: ["unknownStore"] } });
}

async function replaceRolesAndStores(db: Db, staffId: string, roles: readonly Role[], storeIds: readonly string[]) {
  await db.delete(staffRoles).where(eq(staffRoles.staffId, staffId));
  await db.delete(staffStores).where(eq(staffStores.staffId, staffId));
  const uniqueRoles = [...new Set(roles)];
  const uniqueStores = [...new Set(storeIds)];
  if (uniqueRoles.length) await db.insert(staffRoles).values(uniqueRoles.map((role) => ({ staffId, role })));
  if (uniqueStores.length) await db.insert(staffStores).values(uniqueStores.map((storeId) => ({ staffId, storeId })));
}

type NewStaff = z.output<typeof createStaffSchema> & { password?: string; mustChangePassword?: boolean };

/**
 * Creates a staff member. Without an explicit password a one-time password is generated and
 * returned once; such staff must change it at first sign-in.
 */
export async function createStaff(db: Db, actor: Actor | null, input: NewStaff) {
  await assertStoresExist(db, input.storeIds);
  const oneTimePassword = input.password ? null : generateOneTimePassword();
  // `||`, not `??`: an empty password means "generate one", as on the line above.
  const passwordHash = await hashPassword(input.password || oneTimePassword!);
  const inserted = await db
    .insert(staff)
    .values({
      username: input.username,
      displayName: input.displayName,
      email: input.email ?? null,
      mobileE164: input.mobile ?? null,
      passwordHash,
      allStores: input.allStores,
      mustChangePassword: input.mustChangePassword ?? true,
    })
    .onConflictDoNothing({ target: staff.username })
    .returning({ id: staff.id });
  const created = inserted[0];
  if (!created)
    throw new AppError("conflict", { messageKey: "usernameTaken", fieldErrors: { username: ["usernameTaken"] } });
  await replaceRolesAndStores(db, created.id, input.roles, input.storeIds);
  await recordAudit(db, {
    action: "staff.create",
    ...(actor ? byActor(actor) : { actorLabel: "system" }),
    entityType: "staff",
    entityId: created.id,
    details: { username: input.username, roles: input.roles, storeIds: input.storeIds, allStores: input.allStores },
  });
  return { id: created.id, oneTimePassword };
}

async function activeAdminCount(db: Db, excludingStaffId: string) {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(staff)
    .innerJoin(staffRoles, and(eq(staffRoles.staffId, staff.id), eq(staffRoles.role, "admin")))
    .where(and(eq(staff.active, true), ne(staff.id, excludingStaffId)));
  return row?.count ?? 0;
}

/**
 * Serialises changes that could remove the last active admin: without it, two admins demoting each
 * other at the same moment could both pass the count. Transaction-scoped, released at commit.
 */
async function lockAdminRoster(db: Db) {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext('atrium.staff.admin-roster'))`);
}

async function lockStaff(db: Db, staffId: string) {
  const [row] = await db.select().from(staff).where(eq(staff.id, staffId)).for("update");
  if (!row) throw new AppError("not_found");
  return row;
}

export async function updateStaff(db: Db, actor: Actor, input: z.output<typeof updateStaffSchema>) {
  await lockAdminRoster(db);
  const before = await lockStaff(db, input.id);
  await assertStoresExist(db, input.storeIds);
  if (!input.roles.includes("admin") && (await activeAdminCount(db, input.id)) === 0 && before.active) {
    const [wasAdmin] = await db
      .select()
      .from(staffRoles)
      .where(and(eq(staffRoles.staffId, input.id), eq(staffRoles.role, "admin")));
    if (wasAdmin) throw new AppError("conflict", { messageKey: "lastAdmin" });
  }
  await db
    .update(staff)
    .set({
      displayName: input.displayName,
      email: input.email ?? null,
      mobileE164: input.mobile ?? null,
      allStores: input.allStores,
      updatedAt: new Date(),
    })
    .where(eq(staff.id, input.id));
  await replaceRolesAndStores(db, input.id, input.roles, input.storeIds);
  await recordAudit(db, {
    action: "staff.update",
    ...byActor(actor),
    entityType: "staff",
    entityId: input.id,
    details: {
      displayName: input.displayName,
      // Whether a work contact is on file, not the address itself.
      hasEmail: !!input.email,
      hasMobile: !!input.mobile,
      roles: input.roles,
      storeIds: input.storeIds,
      allStores: input.allStores,
    },
  });
}

/** Deactivating ends the account's sessions at once (authVersion bump); reactivating restores sign-in. */
export async function setStaffActive(db: Db, actor: Actor, staffId: string, active: boolean) {
  await lockAdminRoster(db);
  const before = await lockStaff(db, staffId);
  if (!active && staffId === actor.staffId) throw new AppError("conflict", { messageKey: "cannotDeactivateSelf" });
  if (!active && (await activeAdminCount(db, staffId)) === 0) {
    const [isAdmin] = await db
      .select()
      .from(staffRoles)
      .where(and(eq(staffRoles.staffId, staffId), eq(staffRoles.role, "admin")));
    if (isAdmin) throw new AppError("conflict", { messageKey: "lastAdmin" });
  }
  if (before.active === active) return;
  await db
    .update(staff)
    .set({ active, authVersion: sql`${staff.authVersion} + 1`, updatedAt: new Date() })
    .where(eq(staff.id, staffId));
  await recordAudit(db, {
    action: active ? "staff.reactivate" : "staff.deactivate",
    ...byActor(actor),
    entityType: "staff",
    entityId: staffId,
  });
}

/** A new one-time password, shown once to the admin; the staff member must change it at sign-in. */
export async function resetStaffPassword(db: Db, actor: Actor, staffId: string) {
  await lockStaff(db, staffId);
  const oneTimePassword = generateOneTimePassword();
  await db
    .update(staff)
    .set({
      passwordHash: await hashPassword(oneTimePassword),
      mustChangePassword: true,
      authVersion: sql`${staff.authVersion} + 1`,
      updatedAt: new Date(),
    })
    .where(eq(staff.id, staffId));
  await recordAudit(db, { action: "staff.reset_password", ...byActor(actor), entityType: "staff", entityId: staffId });
  return { oneTimePassword };
}

/**
 * The staff member's own password change; other sessions of the account end. The current password
 * is a password check like a sign-in: the same lockout guards it and counts it
 * (docs/domain.md#roles-and-store-scope, sign-in).
 */
export async function changeOwnPassword(db: Db, actor: Actor, input: z.output<typeof newPasswordSchema>) {
  const ip = actor.ip ?? "unknown";
  const now = new Date();
  // The attempt locks before the staff row, as sign-in takes them: the two cannot deadlock.
  await lockPasswordChecks(db, actor.username, ip);
  const row = await lockStaff(db, actor.staffId);
  const failed = async (details: Record<string, unknown>) =>
    recordAudit(db, {
      action: "staff.change_password_failed",
      ...byActor(actor),
      entityType: "staff",
      entityId: actor.staffId,
      details,
    });
  // keepWrites: the use case fails, yet the counted attempt and its audit entry commit.
  const lockedError = () => new AppError("locked", { messageKey: "passwordCheckLocked", keepWrites: true });

  const lock = await currentLockout(db, row.username, ip, now);
  if (lock) {
    await failed({ reason: lock.reason, lockedUntil: lock.lockedUntil.toISOString() });
    throw lockedError();
  }
  const passwordOk = await verifyPassword(row.passwordHash, input.currentPassword);
  await recordPasswordCheck(db, { username: row.username, ip, succeeded: passwordOk }, now);
  if (!passwordOk) {
    await failed({ reason: "wrong_password" });
    if (await currentLockout(db, row.username, ip, now)) throw lockedError();
    throw new AppError("validation", { fieldErrors: { currentPassword: ["wrongPassword"] }, keepWrites: true });
  }
  await db
    .update(staff)
    .set({
      passwordHash: await hashPassword(input.newPassword),
      mustChangePassword: false,
      authVersion: sql`${staff.authVersion} + 1`,
      updatedAt: new Date(),
    })
    .where(eq(staff.id, actor.staffId));
  await recordAudit(db, {
    action: "staff.change_password",
    ...byActor(actor),
    entityType: "staff",
    entityId: actor.staffId,
  });
}

export async function setOwnLocale(db: Db, actor: Actor, locale: "zh-CN" | "en") {
  await db.update(staff).set({ locale }).where(eq(staff.id, actor.staffId));
}
