import type { Locale } from "@/lib/i18n/config";

/** The outbox's channels: the member consent channels (db/schema/members.ts `consent_channel`). */
export const CHANNELS = ["sms", "wechat", "email"] as const;
export type Channel = (typeof CHANNELS)[number];

/** What a template renders to, per channel (lib/messaging/templates.ts). */
export type ChannelContent = {
  sms: { text: string };
  /** A WeChat template message: the official account's template id and its fields (`thing1`, `time2`…). */
  wechat: { templateId: string; data: Record<string, string> };
  email: { subject: string; text: string };
};

/** One message to one address on one channel, rendered and ready to hand to a provider. */
export type OutgoingMessage<C extends Channel = Channel> = {
  [K in C]: {
    /** The outbox row's id: stable across retries, so providers that de-duplicate can use it. */
    id: string;
    channel: K;
    /** E.164 phone number, WeChat openid or email address. */
    to: string;
    templateCode: string;
    locale: Locale;
    content: ChannelContent[K];
  };
}[C];

export type SendResult = { providerMessageId: string };

export interface ChannelAdapter<C extends Channel = Channel> {
  readonly channel: C;
  /** For logs and the job's counts: "dev", "smtp", "sms-http", "wechat". */
  readonly name: string;
  /** Resolves once the provider accepted the message; throws (preferably a DeliveryError) otherwise. */
  send(message: OutgoingMessage<C>): Promise<SendResult>;
}

export type ChannelAdapters = { [C in Channel]: ChannelAdapter<C> };

/**
 * A provider refused or could not take a message. `permanent`: trying again cannot help (a 4xx, an
 * unknown recipient, a bad template), so the outbox marks the message failed at once; otherwise it
 * retries with backoff. Any other error an adapter throws counts as temporary.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = "DeliveryError";
  }
}
