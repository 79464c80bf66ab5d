import { z } from "zod";
import type { Db } from "@/db/client";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import type { StaffPrincipal } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { maskAddress, maskEmail, maskName, maskPhone, seesUnmasked } from "./masking";
import { memberInScopeOrThrow } from "./scope";

export const CONTACT_FIELDS = ["name", "phone", "email", "address"] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

export const revealContactSchema = z.object({
  memberId: z.uuid(),
  fields: z.array(z.enum(CONTACT_FIELDS)).min(1),
  reason: z.string().trim().min(4, { message: "revealReasonTooShort" }).max(200),
});

type ContactSource = { name: string; phoneE164: string | null; email: string | null; address: string | null; advisorId: string | null };

/** The member's contact details as this staff member sees them by default (masked unless it is their own client). */
export function contactView(staff: Pick<StaffPrincipal, "id" | "roles">, member: ContactSource) {
  const unmasked = seesUnmasked(staff, member);
  return {
    masked: !unmasked,
    name: unmasked ? member.name : maskName(member.name),
    phone: unmasked ? (member.phoneE164?.replace(/^\+86/, "") ?? "—") : maskPhone(member.phoneE164),
    email: unmasked ? (member.email ?? "—") : maskEmail(member.email),
    address: unmasked ? (member.address ?? "—") : maskAddress(member.address),
  };
}

/**
 * Reveals the chosen personal fields of one member, with a reason, and records who saw what in
 * the audit log (PIPL). Members outside the staff member's stores are not found.
 */
export async function revealContact(db: Db, staff: StaffPrincipal, actor: Actor, input: z.output<typeof revealContactSchema>) {
  const member = await memberInScopeOrThrow(db, staff, input.memberId);
  if (member.erasedAt) throw new AppError("conflict", "memberErased");
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
