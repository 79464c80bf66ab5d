import nodemailer from "nodemailer";
import { withoutAddress } from "../masking";
import { DeliveryError, type ChannelAdapter } from "./types";

export type EmailConfig = {
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465 (ATRIUM_SMTP_URL). */
  url: string;
  /** The From header, e.g. `Atrium <noreply@example.com>` (ATRIUM_SMTP_FROM). */
  from: string;
};

/** The domain of the From address, for Message-IDs. */
function fromDomain(from: string): string {
  return /@([^\s>]+)>?\s*$/.exec(from)?.[1] ?? "atrium.invalid";
}

/**
 * Email over SMTP with nodemailer, plain text in UTF-8. The Message-ID is derived from the outbox
 * id, so a retried message carries the same one. An SMTP 5xx reply (unknown mailbox, refused) is
 * final; a 4xx reply, a timeout or a connection error is retried.
 */
export function createEmailAdapter(config: EmailConfig): ChannelAdapter<"email"> {
  const transport = nodemailer.createTransport({
    url: config.url,
    // nodemailer waits up to 2 minutes to connect and 10 for a reply by default; a delivery run must not.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  const domain = fromDomain(config.from);
  return {
    channel: "email",
    name: "smtp",
    async send(message) {
      try {
        const info = await transport.sendMail({
          from: config.from,
          to: message.to,
          subject: message.content.subject,
          text: message.content.text,
          messageId: `<outbox-${message.id}@${domain}>`,
          headers: { "Content-Language": message.locale },
        });
        return { providerMessageId: info.messageId };
      } catch (error) {
        const smtp = error as { responseCode?: unknown; code?: unknown; message?: unknown };
        const responseCode = typeof smtp.responseCode === "number" ? smtp.responseCode : null;
        const reason = typeof smtp.message === "string" ? smtp.message : String(error);
        throw new DeliveryError(
          `SMTP ${responseCode ?? smtp.code ?? "error"}: ${withoutAddress(reason, "email", message.to)}`,
          responseCode !== null && responseCode >= 500 && responseCode < 600,
        );
      }
    },
  };
}
