import type { Db } from "@/db/client";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import type { StaffPrincipal } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { memberInScopeOrThrow } from "../scope";
import type { ContactField, RevealContactInput } from "./schemas";

/**
 * Reveals the chosen personal fields of one member, with a reason, and records who saw what in
 * the audit log (PIPL). Members outside the staff member's stores are not found.
 */
export async function revealMemberContact(db: Db, staff: StaffPrincipal, actor: Actor, input: RevealContactInput) {
  const member = await memberInScopeOrThrow(db, staff, input.memberId);
  if (member.erasedAt) throw new AppError("conflict", { messageKey: "memberErased" });
  const values: Partial<Record<ContactField, string>> = {};
  for (const field of input.fields) {
    if (field === "name") values.name = member.name;
    if (field === "phone") values.phone = member.phoneE164?.replace(/^\+86/, "") ?? "";
    if (field === "email") values.email = member.email ?? "";
    if (field === "address") values.address = member.address ?? "";
  }
  await recordAudit(db, {
    action: "member.reveal",
    ...byActor(actor),
    entityType: "member",
    entityId: member.id,
    storeId: member.homeStoreId,
    details: { fields: input.fields, reason: input.reason },
  });
  return values;
}
