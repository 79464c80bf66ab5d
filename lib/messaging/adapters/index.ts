import { env } from "@/lib/env";
import { createDevAdapters } from "./dev";
import { createEmailAdapter } from "./email";
import { createSmsAdapter } from "./sms";
import { DeliveryError, type Channel, type ChannelAdapter, type ChannelAdapters } from "./types";
import { createWechatAdapter } from "./wechat";

export type MessagingConfig = Pick<
  typeof env,
  | "ATRIUM_MESSAGING"
  | "ATRIUM_SMTP_URL"
  | "ATRIUM_SMTP_FROM"
  | "ATRIUM_SMS_API_URL"
  | "ATRIUM_SMS_API_KEY"
  | "ATRIUM_WECHAT_API_URL"
  | "ATRIUM_WECHAT_ACCESS_TOKEN"
>;

/** In live mode, a channel whose provider is not configured fails its messages, visibly, instead of pretending. */
function unconfigured<C extends Channel>(channel: C, variables: string): ChannelAdapter<C> {
  return {
    channel,
    name: "unconfigured",
    async send() {
      throw new DeliveryError(`${channel} is not configured (${variables})`, true);
    },
  };
}

/**
 * The adapters the environment asks for: `ATRIUM_MESSAGING=dev` (the default) records and logs
 * messages without sending; `live` sends each channel through its provider.
 */
export function adaptersFromConfig(config: MessagingConfig): ChannelAdapters {
  if (config.ATRIUM_MESSAGING !== "live") return createDevAdapters();
  return {
    sms:
      config.ATRIUM_SMS_API_URL && config.ATRIUM_SMS_API_KEY
        ? createSmsAdapter({ url: config.ATRIUM_SMS_API_URL, apiKey: config.ATRIUM_SMS_API_KEY })
        : unconfigured("sms", "ATRIUM_SMS_API_URL, ATRIUM_SMS_API_KEY"),
    wechat: config.ATRIUM_WECHAT_ACCESS_TOKEN
      ? createWechatAdapter({ url: config.ATRIUM_WECHAT_API_URL, accessToken: config.ATRIUM_WECHAT_ACCESS_TOKEN })
      : unconfigured("wechat", "ATRIUM_WECHAT_ACCESS_TOKEN"),
    email:
      config.ATRIUM_SMTP_URL && config.ATRIUM_SMTP_FROM
        ? createEmailAdapter({ url: config.ATRIUM_SMTP_URL, from: config.ATRIUM_SMTP_FROM })
        : unconfigured("email", "ATRIUM_SMTP_URL, ATRIUM_SMTP_FROM"),
  };
}

let fromEnv: ChannelAdapters | undefined;

/** The process's adapters, made once from `env`. */
export function defaultAdapters(): ChannelAdapters {
  fromEnv ??= adaptersFromConfig(env);
  return fromEnv;
}

export { createDevAdapters, type DevAdapters, type DevRecording } from "./dev";
export { createEmailAdapter } from "./email";
export { createSmsAdapter } from "./sms";
export { createWechatAdapter } from "./wechat";
export * from "./types";
