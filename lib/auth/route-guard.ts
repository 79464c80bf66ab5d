import "server-only";
import { HTTP_STATUS } from "@/lib/errors";
import type { StaffAccount } from "@/lib/staff/principal";
import { can, type Permission } from "./policy";
import { getCurrentStaff } from "./session";

/**
 * For route handlers behind the staff session (downloads, uploads): the signed-in staff member
 * holding `permission`, or the JSON error response to return (401 signed out, 403 otherwise,
 * including while a password change is pending).
 */
export async function authorizeRequest(permission: Permission): Promise<{ staff: StaffAccount; denied?: never } | { staff?: never; denied: Response }> {
  const staff = await getCurrentStaff();
  const deny = (code: "unauthenticated" | "forbidden") =>
    ({ denied: Response.json({ error: code }, { status: HTTP_STATUS[code], headers: { "Cache-Control": "no-store" } }) }) as const;
  if (!staff) return deny("unauthenticated");
  if (staff.mustChangePassword || !can(staff, permission)) return deny("forbidden");
  return { staff };
}
