import { addMinutes, subMinutes } from "date-fns";
import { and, desc, eq, gt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { signInAttempts, staff } from "@/db/schema";
import { recordAudit } from "@/lib/audit/service";
import { dummyPasswordHash, verifyPassword } from "./password";

// docs/domain.md#roles-and-store-scope (sign-in)
export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_MINUTES = 15;
/**
 * Failures from one address, whatever the usernames, that lock the address for every username:
 * slows password spraying, and leaves room for a store's staff behind one shared address who mistype.
 */
export const ADDRESS_LOCKOUT_FAILURES = 20;

export type Lockout = { reason: "locked" | "address_locked"; lockedUntil: Date };

export type SignInResult =
  | { ok: true; staffId: string; authVersion: number; username: string }
  | { ok: false; reason: "invalid" }
  | ({ ok: false } & Lockout);

/** The end of a still-running lock set by `threshold` failures (newest first) within the window. */
function lockFrom(failures: Date[], threshold: number, now: Date): Date | null {
  for (let i = 0; i + threshold - 1 < failures.length; i++) {
    const newest = failures[i]!;
    const oldest = failures[i + threshold - 1]!;
    const until = addMinutes(newest, LOCKOUT_MINUTES);
    if (newest.getTime() - oldest.getTime() <= LOCKOUT_MINUTES * 60_000 && until > now) return until;
  }
  return null;
}

/** The account: its failures from any address since its last success (the address is the client's to choose). */
async function accountLockedUntil(db: Db, username: string, now: Date): Promise<Date | null> {
  const recent = await db
    .select({ succeeded: signInAttempts.succeeded, at: signInAttempts.attemptedAt })
    .from(signInAttempts)
    .where(
      and(eq(signInAttempts.username, username), gt(signInAttempts.attemptedAt, subMinutes(now, 2 * LOCKOUT_MINUTES))),
    )
    .orderBy(desc(signInAttempts.attemptedAt))
    .limit(50);
  const failures: Date[] = [];
  for (const attempt of recent) {
    if (attempt.succeeded) break;
    failures.push(attempt.at);
  }
  return lockFrom(failures, LOCKOUT_FAILURES, now);
}

/** The address: its failures for any username; a success does not reset them (a sprayer may own an account). */
async function addressLockedUntil(db: Db, ip: string, now: Date): Promise<Date | null> {
  const rows = await db
    .select({ at: signInAttempts.attemptedAt })
    .from(signInAttempts)
    .where(
      and(
        eq(signInAttempts.ip, ip),
        eq(signInAttempts.succeeded, false),
        gt(signInAttempts.attemptedAt, subMinutes(now, 2 * LOCKOUT_MINUTES)),
      ),
    )
    .orderBy(desc(signInAttempts.attemptedAt))
    .limit(4 * ADDRESS_LOCKOUT_FAILURES);
  const failures = rows.map((row) => row.at);
  return lockFrom(failures, ADDRESS_LOCKOUT_FAILURES, now);
}

/**
 * The lock on password checks for this username from this address, if any: the account's (when
 * `LOCKOUT_FAILURES` failures from any address fall within `LOCKOUT_MINUTES`, after its last success)
 * or else the address's (`ADDRESS_LOCKOUT_FAILURES` failures within `LOCKOUT_MINUTES`). Either lasts
 * until `LOCKOUT_MINUTES` after the last of those failures. Attempts made while locked are not
 * recorded, so hammering does not extend a lock. An unknown username locks like a known one.
 */
export async function currentLockout(db: Db, username: string, ip: string, now = new Date()): Promise<Lockout | null> {
  const account = await accountLockedUntil(db, username.trim(), now);
  if (account) return { reason: "locked", lockedUntil: account };
  const address = await addressLockedUntil(db, ip, now);
  return address ? { reason: "address_locked", lockedUntil: address } : null;
}

/** When password checks for this username from this address may resume (see currentLockout). */
export async function lockedUntil(db: Db, username: string, ip: string, now = new Date()): Promise<Date | null> {
  return (await currentLockout(db, username, ip, now))?.lockedUntil ?? null;
}

/**
 * Serialises password checks (sign-in, the current password of a password change) per account and
 * per address, in the caller's transaction: parallel guesses cannot slip past either count. Taken
 * account first, then address, and before any staff row lock, in every path, so that no two checks
 * wait on each other crosswise.
 */
export async function lockPasswordChecks(db: Db, username: string, ip: string): Promise<void> {
  const accountKey = `atrium.sign-in:${username.trim().toLowerCase()}`;
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${accountKey}, 0))`);
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`atrium.sign-in-address:${ip}`}, 0))`);
}

/** Records one password check for the lockout counts. */
export async function recordPasswordCheck(
  db: Db,
  attempt: { username: string; ip: string; succeeded: boolean },
  now = new Date(),
): Promise<void> {
  await db.insert(signInAttempts).values({ ...attempt, username: attempt.username.trim(), attemptedAt: now });
}

/** Checks a username and password, applying the lockout and writing the attempt and the audit log. */
export async function checkCredentials(
  db: Db,
  input: { username: string; password: string; ip: string },
  now = new Date(),
): Promise<SignInResult> {
  return db.transaction(async (tx) => {
    await lockPasswordChecks(tx, input.username, input.ip);
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
  // Before the account is looked up and before argon2: a locked account costs a query, and a
  // locked unknown username answers exactly like a locked known one.
  const lock = await currentLockout(db, username, ip, now);
  if (lock) {
    await recordAudit(db, {
      action: "auth.sign_in_locked",
      actorLabel: username,
      ip,
      details: { lockedUntil: lock.lockedUntil.toISOString(), by: lock.reason === "locked" ? "account" : "address" },
    });
    return { ok: false, ...lock };
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

  await recordPasswordCheck(db, { username, ip, succeeded }, now);
  if (!succeeded || !account) {
    const reason = !account ? "unknown_user" : !account.active ? "inactive" : "wrong_password";
    await recordAudit(db, {
      action: "auth.sign_in_failed",
      actorStaffId: account?.id ?? null,
      actorLabel: username,
      ip,
      details: { reason },
    });
    const lockNow = await currentLockout(db, username, ip, now);
    if (lockNow) return { ok: false, ...lockNow };
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
