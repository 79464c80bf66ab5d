import http from "node:http";
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDevAdapters } from "./dev";
import { createEmailAdapter } from "./email";
import { adaptersFromConfig, type MessagingConfig } from "./index";
import { createSmsAdapter } from "./sms";
import { DeliveryError, type OutgoingMessage } from "./types";
import { createWechatAdapter } from "./wechat";

/**
 * The real adapters against local stand-ins: an SMTP sink (smtp-server) and an HTTP stub for the SMS
 * provider and WeChat. Nothing here reaches the internet.
 */

const MESSAGE_ID = "6f1c2b9e-0d3a-4c1e-9a55-2f1b7c3d4e5f";
const PHONE = "+8613812341234";
const OPEN_ID = "oAbCdEfGhIjKlMnOpQrStUvWxYz0";

function smsMessage(): OutgoingMessage<"sms"> {
  return {
    id: MESSAGE_ID,
    channel: "sms",
    to: PHONE,
    templateCode: "appointment_confirmed",
    locale: "zh-CN",
    content: { text: "【Atrium】张晓华您好，您的珠宝鉴赏预约已确认。" },
  };
}

/** What a DeliveryError-throwing call threw. */
async function deliveryError(promise: Promise<unknown>): Promise<DeliveryError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

// ── SMTP ──────────────────────────────────────────────────────────────────────────────────────

describe("email adapter (SMTP, against a local smtp-server)", () => {
  const received: { envelopeTo: string[]; mail: ParsedMail }[] = [];
  /** How the sink answers RCPT TO and DATA in the current test. */
  let rejectRecipient: { code: number; text: string } | null = null;
  let rejectData: { code: number; text: string } | null = null;
  let server: SMTPServer;
  let url: string;

  const smtpError = (reply: { code: number; text: string }) =>
    Object.assign(new Error(reply.text), { responseCode: reply.code });

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onRcptTo(_address, _session, callback) {
        callback(rejectRecipient ? smtpError(rejectRecipient) : null);
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          if (rejectData) return callback(smtpError(rejectData));
          void simpleParser(Buffer.concat(chunks)).then((mail) => {
            received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), mail });
            callback();
          }, callback);
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.server.address() as AddressInfo;
    url = `smtp://127.0.0.1:${port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    received.length = 0;
    rejectRecipient = null;
    rejectData = null;
  });

  const message = (): OutgoingMessage<"email"> => ({
    id: MESSAGE_ID,
    channel: "email",
    to: "zhang.xiaohua@example.com",
    templateCode: "appointment_confirmed",
    locale: "zh-CN",
    content: {
      subject: "预约确认：珠宝鉴赏 · 2025年3月14日（周五）14:30",
      text: "张晓华您好：\n\n您的预约已确认。\n门店：静安嘉里中心店\n\nAtrium",
    },
  });

  it("sends the message in UTF-8: Chinese subject and body arrive intact", async () => {
    const adapter = createEmailAdapter({ url, from: "Atrium 珠宝 <noreply@atrium.example>" });
    const result = await adapter.send(message());

    expect(received).toHaveLength(1);
    const [{ envelopeTo, mail }] = received as [(typeof received)[number]];
    expect(envelopeTo).toEqual(["zhang.xiaohua@example.com"]);
    expect(mail.subject).toBe("预约确认：珠宝鉴赏 · 2025年3月14日（周五）14:30");
    expect(mail.text?.trimEnd()).toBe("张晓华您好：\n\n您的预约已确认。\n门店：静安嘉里中心店\n\nAtrium");
    expect(mail.from?.value).toEqual([{ name: "Atrium 珠宝", address: "noreply@atrium.example" }]);
    expect(mail.headers.get("content-type")).toMatchObject({ value: "text/plain", params: { charset: "utf-8" } });
    expect(mail.headers.get("content-language")).toBe("zh-CN");
    // The Message-ID comes from the outbox id: a retry carries the same one.
    expect(mail.messageId).toBe(`<outbox-${MESSAGE_ID}@atrium.example>`);
    expect(result.providerMessageId).toBe(mail.messageId);
  });

  it("an unknown mailbox (550) is final, the address masked in the error", async () => {
    rejectRecipient = { code: 550, text: "No such user zhang.xiaohua@example.com" };
    const adapter = createEmailAdapter({ url, from: "noreply@atrium.example" });
    const error = await deliveryError(adapter.send(message()));
    expect(error.permanent).toBe(true);
    expect(error.message).toMatch(/^SMTP 550/);
    expect(error.message).not.toContain("zhang.xiaohua@example.com");
    expect(received).toHaveLength(0);
  });

  it("a temporary refusal (451) is retried", async () => {
    rejectData = { code: 451, text: "Try again later" };
    const adapter = createEmailAdapter({ url, from: "noreply@atrium.example" });
    const error = await deliveryError(adapter.send(message()));
    expect(error.permanent).toBe(false);
    expect(error.message).toMatch(/^SMTP 451/);
  });

  it("a server out of reach is retried", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const adapter = createEmailAdapter({ url: `smtp://127.0.0.1:${port}`, from: "noreply@atrium.example" });
    const error = await deliveryError(adapter.send(message()));
    expect(error.permanent).toBe(false);
  });
});

// ── HTTP providers ────────────────────────────────────────────────────────────────────────────

type StubRequest = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };
type StubAnswer = { status: number; body: string } | "hang";

describe("SMS and WeChat adapters (HTTP, against a local stub)", () => {
  const requests: StubRequest[] = [];
  let answer: StubAnswer = { status: 200, body: "{}" };
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        requests.push({
          method: req.method ?? "",
          url: req.url ?? "",
          headers: req.headers,
          body: Buffer.concat(chunks).toString("utf8"),
        });
        if (answer === "hang") return; // never answers: the adapter's timeout must end the attempt
        res.writeHead(answer.status, { "content-type": "application/json" }).end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    requests.length = 0;
  });

  describe("SMS", () => {
    const adapter = () => createSmsAdapter({ url: `${base}/v1/sms`, apiKey: "test-key-123", timeoutMs: 300 });

    it("POSTs the text as JSON with the bearer key and the outbox id as Idempotency-Key", async () => {
      answer = { status: 202, body: JSON.stringify({ messageId: "sms-778899" }) };
      await expect(adapter().send(smsMessage())).resolves.toEqual({ providerMessageId: "sms-778899" });
      expect(requests).toHaveLength(1);
      const [request] = requests as [StubRequest];
      expect(request.method).toBe("POST");
      expect(request.url).toBe("/v1/sms");
      expect(request.headers.authorization).toBe("Bearer test-key-123");
      expect(request.headers["idempotency-key"]).toBe(MESSAGE_ID);
      expect(request.headers["content-type"]).toBe("application/json; charset=utf-8");
      expect(JSON.parse(request.body)).toEqual({
        to: PHONE,
        text: "【Atrium】张晓华您好，您的珠宝鉴赏预约已确认。",
        reference: MESSAGE_ID,
      });
    });

    it("accepts an `id` instead of `messageId`", async () => {
      answer = { status: 200, body: JSON.stringify({ id: 4242 }) };
      await expect(adapter().send(smsMessage())).resolves.toEqual({ providerMessageId: "4242" });
    });

    it("a 4xx is final, with the provider's reason (phone masked)", async () => {
      answer = { status: 400, body: JSON.stringify({ error: `invalid number ${PHONE}` }) };
      const error = await deliveryError(adapter().send(smsMessage()));
      expect(error.permanent).toBe(true);
      expect(error.message).toContain("HTTP 400");
      expect(error.message).toContain("138****1234");
      expect(error.message).not.toContain(PHONE);
    });

    it.each([500, 503, 429])("a %i is retried", async (status) => {
      answer = { status, body: "busy" };
      const error = await deliveryError(adapter().send(smsMessage()));
      expect(error.permanent).toBe(false);
      expect(error.message).toBe(`HTTP ${status}: busy`);
    });

    it("a 2xx without a message id is final (sending again could deliver it twice)", async () => {
      answer = { status: 200, body: JSON.stringify({ ok: true }) };
      const error = await deliveryError(adapter().send(smsMessage()));
      expect(error.permanent).toBe(true);
    });

    it("no answer within the timeout is retried", async () => {
      answer = "hang";
      const error = await deliveryError(adapter().send(smsMessage()));
      expect(error.permanent).toBe(false);
      expect(error.message).toBe("request timed out");
    });

    it("a provider out of reach is retried", async () => {
      const unreachable = createSmsAdapter({ url: "http://127.0.0.1:1/sms", apiKey: "k" });
      const error = await deliveryError(unreachable.send(smsMessage()));
      expect(error.permanent).toBe(false);
    });
  });

  describe("WeChat template message", () => {
    const adapter = () =>
      createWechatAdapter({
        url: `${base}/cgi-bin/message/template/send`,
        accessToken: "ACCESS_TOKEN_abc",
        timeoutMs: 300,
      });
    const message = (): OutgoingMessage<"wechat"> => ({
      id: MESSAGE_ID,
      channel: "wechat",
      to: OPEN_ID,
      templateCode: "appointment_reminder",
      locale: "zh-CN",
      content: { templateId: "tmpl-appointment", data: { thing1: "珠宝鉴赏", time2: "2025年3月14日 14:30" } },
    });

    it("POSTs touser, template_id and data to the endpoint with the access token", async () => {
      answer = { status: 200, body: JSON.stringify({ errcode: 0, errmsg: "ok", msgid: 200228332 }) };
      await expect(adapter().send(message())).resolves.toEqual({ providerMessageId: "200228332" });
      const [request] = requests as [StubRequest];
      expect(request.method).toBe("POST");
      expect(request.url).toBe("/cgi-bin/message/template/send?access_token=ACCESS_TOKEN_abc");
      expect(JSON.parse(request.body)).toEqual({
        touser: OPEN_ID,
        template_id: "tmpl-appointment",
        data: { thing1: { value: "珠宝鉴赏" }, time2: { value: "2025年3月14日 14:30" } },
        client_msg_id: MESSAGE_ID,
      });
    });

    it("a non-zero errcode is a failure: final for a member who does not follow the account", async () => {
      answer = { status: 200, body: JSON.stringify({ errcode: 43004, errmsg: "require subscribe" }) };
      const error = await deliveryError(adapter().send(message()));
      expect(error.permanent).toBe(true);
      expect(error.message).toBe("errcode 43004: require subscribe");
    });

    it("system busy (-1) and an expired access token (42001) are retried", async () => {
      for (const errcode of [-1, 42001]) {
        answer = { status: 200, body: JSON.stringify({ errcode, errmsg: "later" }) };
        expect((await deliveryError(adapter().send(message()))).permanent).toBe(false);
      }
    });

    it("an HTTP 5xx is retried, a 4xx is final", async () => {
      answer = { status: 502, body: "bad gateway" };
      expect((await deliveryError(adapter().send(message()))).permanent).toBe(false);
      answer = { status: 403, body: "forbidden" };
      expect((await deliveryError(adapter().send(message()))).permanent).toBe(true);
    });

    it("a timeout does not put the access token in the error", async () => {
      answer = "hang";
      const error = await deliveryError(adapter().send(message()));
      expect(error.permanent).toBe(false);
      expect(error.message).not.toContain("ACCESS_TOKEN_abc");
    });
  });
});

// ── Choosing adapters ─────────────────────────────────────────────────────────────────────────

describe("adapters from the environment", () => {
  const unset: MessagingConfig = {
    ATRIUM_MESSAGING: "dev",
    ATRIUM_SMTP_URL: undefined,
    ATRIUM_SMTP_FROM: undefined,
    ATRIUM_SMS_API_URL: undefined,
    ATRIUM_SMS_API_KEY: undefined,
    ATRIUM_WECHAT_API_URL: "https://api.weixin.qq.com/cgi-bin/message/template/send",
    ATRIUM_WECHAT_ACCESS_TOKEN: undefined,
  };

  it("dev (the default) records instead of sending, whatever is configured", () => {
    const adapters = adaptersFromConfig({
      ...unset,
      ATRIUM_SMS_API_URL: "http://127.0.0.1:1",
      ATRIUM_SMS_API_KEY: "k",
    });
    expect([adapters.sms.name, adapters.wechat.name, adapters.email.name]).toEqual(["dev", "dev", "dev"]);
  });

  it("live uses each configured provider and fails the channels without one", async () => {
    const adapters = adaptersFromConfig({
      ...unset,
      ATRIUM_MESSAGING: "live",
      ATRIUM_SMS_API_URL: "http://127.0.0.1:1/sms",
      ATRIUM_SMS_API_KEY: "k",
    });
    expect([adapters.sms.name, adapters.wechat.name, adapters.email.name]).toEqual([
      "sms-http",
      "unconfigured",
      "unconfigured",
    ]);
    const error = await deliveryError(
      adapters.email.send({ ...smsMessage(), channel: "email", content: { subject: "s", text: "t" } }),
    );
    expect(error.permanent).toBe(true);
    expect(error.message).toContain("ATRIUM_SMTP_URL");
  });

  it("the development adapter records the message and logs one line with the address masked", async () => {
    const lines: string[] = [];
    const dev = createDevAdapters({ log: (line) => lines.push(line) });
    const result = await dev.sms.send(smsMessage());
    expect(result.providerMessageId).toMatch(/^dev-/);
    expect(dev.sent).toEqual([expect.objectContaining({ id: MESSAGE_ID, to: PHONE, channel: "sms" })]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("138****1234");
    expect(lines[0]).not.toContain(PHONE);
  });
});
