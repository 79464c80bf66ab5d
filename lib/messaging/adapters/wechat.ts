import { withoutAddress } from "../masking";
import { excerpt, isTemporaryStatus, parseJsonObject, postJson } from "./http";
import { DeliveryError, type ChannelAdapter } from "./types";

export type WechatConfig = {
  /** The template-message endpoint (ATRIUM_WECHAT_API_URL); `access_token` is added to its query. */
  url: string;
  /** The official account's access token (ATRIUM_WECHAT_ACCESS_TOKEN). */
  accessToken: string;
  timeoutMs?: number;
};

/**
 * WeChat's error codes worth another try: system busy (-1), an access token that was invalid or
 * expired (40001, 40014, 42001: the token is refreshed outside the app) and the API quotas
 * (45009, 45011). Any other code (43004 not following the account, 40003 bad openid, 40037 bad
 * template…) is final.
 */
const TEMPORARY_ERRCODES = new Set([-1, 40001, 40014, 42001, 45009, 45011]);

/**
 * A WeChat official-account template message: `POST …/message/template/send?access_token=…` with
 * `{ touser, template_id, data: { key: { value } }, client_msg_id }`; WeChat answers 200 with
 * `errcode` 0 and a `msgid` on success. `client_msg_id` is the outbox id: WeChat drops a repeat.
 */
export function createWechatAdapter(config: WechatConfig): ChannelAdapter<"wechat"> {
  return {
    channel: "wechat",
    name: "wechat",
    async send(message) {
      const endpoint = new URL(config.url);
      endpoint.searchParams.set("access_token", config.accessToken);
      const { status, text } = await postJson(
        endpoint.toString(),
        {
          touser: message.to,
          template_id: message.content.templateId,
          data: Object.fromEntries(Object.entries(message.content.data).map(([key, value]) => [key, { value }])),
          client_msg_id: message.id,
        },
        {},
        config.timeoutMs,
      );
      const detail = () => withoutAddress(excerpt(text), "wechat", message.to);
      if (status < 200 || status >= 300) {
        throw new DeliveryError(`HTTP ${status}: ${detail()}`, !isTemporaryStatus(status));
      }
      const body = parseJsonObject(text);
      if (!body || typeof body.errcode !== "number") {
        throw new DeliveryError(`HTTP ${status} with an unexpected answer: ${detail()}`, false);
      }
      if (body.errcode === 0 && (typeof body.msgid === "number" || typeof body.msgid === "string")) {
        return { providerMessageId: String(body.msgid) };
      }
      const errmsg = typeof body.errmsg === "string" ? withoutAddress(excerpt(body.errmsg), "wechat", message.to) : "";
      throw new DeliveryError(`errcode ${body.errcode}: ${errmsg}`, !TEMPORARY_ERRCODES.has(body.errcode));
    },
  };
}
