import "server-only";
import { cookies } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db/client";
import { pageError } from "@/lib/api/errors";
import { loadSessionAccount, type StaffAccount } from "@/lib/staff/principal";
import { authConfig, SESSION_MAX_AGE_SECONDS } from "./config";
import { can, type Permission } from "./policy";
import { readSessionCookie } from "./session-cookie";

/**
 * The signed-in staff member, re-read from the database once per request (React's cache: the
 * layout, the page and its metadata share one read): a deactivated account, a changed password, a
 * removed role or a sign-out takes effect on the very next request. The session cookie is only
 * decrypted and checked, never re-issued (./session-cookie.ts).
 */
export const getCurrentStaff = cache(async (): Promise<StaffAccount | null> => {
  const session = await readSessionCookie(await cookies(), authConfig.secret);
  if (!session) return null;
  if (Date.now() - session.signedInAt > SESSION_MAX_AGE_SECONDS * 1000) return null;
  // Every portal page asks this first: an outage here shows the "try again in a moment" page, not a bug's.
  const account = await loadSessionAccount(getDb(), session).catch((error: unknown) => {
    throw pageError(error);
  });
  if (!account) return null;
  const { sessionEnded, ...staff } = account;
  // Signed out (ended_sessions), deactivated, password changed (authVersion): refused.
  if (sessionEnded || !staff.active || staff.authVersion !== session.authVersion) return null;
  return staff;
});

/** For pages: the staff member, or a redirect to sign-in (or to the forced password change). */
export async function requireStaff(options: { allowPendingPasswordChange?: boolean } = {}): Promise<StaffAccount> {
  const account = await getCurrentStaff();
  if (!account) redirect("/sign-in");
  if (account.mustChangePassword && !options.allowPendingPasswordChange) redirect("/change-password");
  return account;
}

/** For pages: the staff member holding `permission` (at the store, when given), else the 403 page. */
export async function requirePermission(permission: Permission, target?: { storeId?: string | null }) {
  const account = await requireStaff();
  if (!can(account, permission, target)) forbidden();
  return account;
}
