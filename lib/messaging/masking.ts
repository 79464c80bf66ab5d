import { maskEmail, maskPhone } from "@/lib/members/masking";
import type { Channel } from "./adapters/types";

/** An openid shown as its first and last four characters: enough to tell two apart, not to use one. */
export function maskOpenId(openId: string | null | undefined): string {
  if (!openId) return "—";
  return openId.length <= 8 ? "****" : `${openId.slice(0, 4)}****${openId.slice(-4)}`;
}

/** A message's address as lists and logs show it (lib/members/masking.ts for phone and email). */
export function maskRecipient(channel: Channel, address: string | null | undefined): string {
  if (channel === "sms") return maskPhone(address);
  if (channel === "email") return maskEmail(address);
  return maskOpenId(address);
}

/** A provider's error text with the recipient's address masked, to keep personal data out of logs and the outbox. */
export function withoutAddress(text: string, channel: Channel, address: string): string {
  return address ? text.split(address).join(maskRecipient(channel, address)) : text;
}
