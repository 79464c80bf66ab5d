import type { StaffPrincipal } from "@/lib/auth/policy";

/** 138****1234 from +8613812341234 (or any digits string). */
export function maskPhone(e164: string | null | undefined): string {
  if (!e164) return "—";
  const national = e164.replace(/^\+86/, "");
  if (national.length < 7) return "****";
  return `${national.slice(0, 3)}****${national.slice(-4)}`;
}

/** 张*华 for three characters or more, 张* for two; Latin names keep the first letter of each word. */
export function maskName(name: string | null | undefined): string {
  if (!name) return "—";
  const chars = [...name.trim()];
  if (/^[\u3400-\u9fff·]+$/.test(name.trim())) {
    if (chars.length <= 1) return "*";
    if (chars.length === 2) return `${chars[0]}*`;
    return `${chars[0]}${"*".repeat(chars.length - 2)}${chars[chars.length - 1]}`;
  }
  return name
    .trim()
    .split(/\s+/)
    .map((word) => (word ? `${word[0]}${"*".repeat(Math.max(1, word.length - 1))}` : word))
    .join(" ");
}

/** z***@example.com */
export function maskEmail(email: string | null | undefined): string {
  if (!email) return "—";
  const [local, domain] = email.split("@");
  if (!domain) return "***";
  return `${local?.[0] ?? ""}***@${domain}`;
}

/** Keeps the first 6 characters (province / city) of an address. */
export function maskAddress(address: string | null | undefined): string {
  if (!address) return "—";
  const chars = [...address];
  return chars.length <= 6 ? "****" : `${chars.slice(0, 6).join("")}****`;
}

/**
 * Personal data is masked for every role by default; the exception is an advisor looking at a
 * client assigned to them. Only `members.assign_advisor` (managers, admins) assigns one, so that
 * nobody lifts the masking for themself (lib/members/service.ts).
 */
export function seesUnmasked(
  staff: Pick<StaffPrincipal, "id" | "roles">,
  member: { advisorId: string | null },
): boolean {
  return staff.roles.includes("advisor") && member.advisorId === staff.id;
}

type ContactSource = {
  name: string;
  phoneE164: string | null;
  email: string | null;
  address: string | null;
  advisorId: string | null;
};

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
