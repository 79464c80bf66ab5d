import { addMinutes, subMinutes } from "date-fns";
import { and, desc, eq, gt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { signInAttempts, staff } from "@/db/schema";
import { recordAudit } from "@/lib/audit/service";
import { dummyPasswordHash, verifyPassword } from "./password";

export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_MINUTES = 15;

export type SignInResult =
  | { ok: true; staffId: string; authVersion: number; username: string }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "locked"; lockedUntil: Date };

/**
 * When `LOCKOUT_FAILURES` failures for this username from this IP fall within `LOCKOUT_MINUTES`
 * (and after the last success), the pair is locked until 15 minutes after the last of them.
 * Attempts made while locked are not counted, so hammering does not extend the lock.
 */
export async function lockedUntil(db: Db, username: string, ip: string, now = new Date()): Promise<Date | null> {
  const recent = await db
    .select({ succeeded: signInAttempts.succeeded, at: signInAttempts.attemptedAt })
    .from(signInAttempts)
    .where(
      and(
        eq(signInAttempts.username, username),
        eq(signInAttempts.ip, ip),
        gt(signInAttempts.attemptedAt, subMinutes(now, 2 * LOCKOUT_MINUTES)),
      ),
    )
    .orderBy(desc(signInAttempts.attemptedAt))
    .limit(50);
  const failures: Date[] = [];
  for (const attempt of recent) {
    if (attempt.succeeded) break;
    failures.push(attempt.at);
  }
  // failures is newest first; look for any run of five within the window whose lock is still running.
  for (let i = 0; i + LOCKOUT_FAILURES - 1 < failures.length; i++) {
    const newest = failures[i]!;
    const oldest = failures[i + LOCKOUT_FAILURES - 1]!;
    const until = addMinutes(newest, LOCKOUT_MINUTES);
    if (newest.getTime() - oldest.getTime() <= LOCKOUT_MINUTES * 60_000 && until > now) return until;
  }
  return null;
}

/** Checks a username and password, applying the lockout and writing the attempt and the audit log. */
export async function checkCredentials(
  db: Db,
  input: { username: string; password: string; ip: string },
  now = new Date(),
): Promise<SignInResult> {
  // One check at a time per username and address: parallel guesses cannot slip past the count.
  return db.transaction(async (tx) => {
    const lockKey = `atrium.sign-in:${input.username.trim().toLowerCase()}:${input.ip}`;
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${lockKey}, 0))`);
    return checkCredentialsLocked(tx, input, now);
  });
}

async function checkCredentialsLocked(
  db: Db,
  input: { username: string; password: string; ip: string },
  now: Date,
): Promise<SignInResult> {
  const username = input.username.trim();
  const ip = input.ip;
  const until = await lockedUntil(db, username, ip, now);
  if (until) {
    await recordAudit(db, {
      action: "auth.sign_in_locked",
      actorLabel: username,
      ip,
      details: { lockedUntil: until.toISOString() },
    });
    return { ok: false, reason: "locked", lockedUntil: until };
  }

  const [account] = await db
    .select({
      id: staff.id,
      username: staff.username,
      passwordHash: staff.passwordHash,
      active: staff.active,
      authVersion: staff.authVersion,
    })
    .from(staff)
    .where(eq(staff.username, username))
    .limit(1);
  const passwordOk = await verifyPassword(account?.passwordHash ?? (await dummyPasswordHash()), input.password);
  const succeeded = Boolean(account && account.active && passwordOk);

  await db.insert(signInAttempts).values({ username, ip, succeeded, attemptedAt: now });
  if (!succeeded || !account) {
    const reason = !account ? "unknown_user" : !account.active ? "inactive" : "wrong_password";
    await recordAudit(db, {
      action: "auth.sign_in_failed",
      actorStaffId: account?.id ?? null,
      actorLabel: username,
      ip,
      details: { reason },
    });
    const lockNow = await lockedUntil(db, username, ip, now);
    if (lockNow) return { ok: false, reason: "locked", lockedUntil: lockNow };
    return { ok: false, reason: "invalid" };
  }
  await db.update(staff).set({ lastSignInAt: now }).where(eq(staff.id, account.id));
  await recordAudit(db, { action: "auth.sign_in", actorStaffId: account.id, actorLabel: account.username, ip });
  return { ok: true, staffId: account.id, authVersion: account.authVersion, username: account.username };
}

/** Where a freshly signed-in staff member lands and in which language (read once, right after sign-in). */
export async function landingAfterSignIn(
  db: Db,
  username: string,
): Promise<{ locale: "zh-CN" | "en" | null; mustChangePassword: boolean } | null> {
  const [account] = await db
    .select({ locale: staff.locale, mustChangePassword: staff.mustChangePassword })
    .from(staff)
    .where(eq(staff.username, username.trim()))
    .limit(1);
  return account ?? null;
}
