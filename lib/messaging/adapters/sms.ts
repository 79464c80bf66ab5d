import { withoutAddress } from "../masking";
import { excerpt, isTemporaryStatus, parseJsonObject, postJson } from "./http";
import { DeliveryError, type ChannelAdapter } from "./types";

export type SmsConfig = {
  /** The provider's send endpoint (ATRIUM_SMS_API_URL). */
  url: string;
  /** Sent as `Authorization: Bearer …` (ATRIUM_SMS_API_KEY). */
  apiKey: string;
  timeoutMs?: number;
};

/**
 * SMS through the provider's HTTP API: `POST url` with `{ to, text, reference }` as JSON, the key as
 * a bearer token and the outbox id as `Idempotency-Key` (the same on every retry, so a provider that
 * honours it never sends a retried message twice). A 2xx with a message id (`messageId` or `id`)
 * is success; 5xx, 408, 429 and network errors are retried; any other answer is final.
 */
export function createSmsAdapter(config: SmsConfig): ChannelAdapter<"sms"> {
  return {
    channel: "sms",
    name: "sms-http",
    async send(message) {
      const { status, text } = await postJson(
        config.url,
        { to: message.to, text: message.content.text, reference: message.id },
        { authorization: `Bearer ${config.apiKey}`, "idempotency-key": message.id },
        config.timeoutMs,
      );
      const detail = () => withoutAddress(excerpt(text), "sms", message.to);
      if (status >= 200 && status < 300) {
        const body = parseJsonObject(text);
        const id = body?.messageId ?? body?.id;
        if ((typeof id === "string" && id.trim()) || typeof id === "number") return { providerMessageId: String(id) };
        // Accepted but unconfirmed: sending again could deliver it twice, so this is not retried.
        throw new DeliveryError(`HTTP ${status} without a message id: ${detail()}`, true);
      }
      throw new DeliveryError(`HTTP ${status}: ${detail()}`, !isTemporaryStatus(status));
    },
  };
}
