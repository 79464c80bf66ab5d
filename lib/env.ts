import path from "node:path";
import { z } from "zod";

// The one place that reads process.env; everything else imports `env`.
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url().optional(),
  ATRIUM_DATA_DIR: z.string().min(1).default(".data"),
  AUTH_SECRET: z.string().min(32).optional(),
  PORT: z.coerce.number().int().positive().default(3000),
  ATRIUM_DB_POOL_MAX: z.coerce.number().int().positive().default(10),
  /** How often the in-process scheduler runs the jobs (expiry, tiers, segments); 0 turns it off. */
  ATRIUM_JOB_INTERVAL_MINUTES: z.coerce.number().int().min(0).default(60),
  /** Reverse proxies in front of the app that append to X-Forwarded-For (lib/auth/request-ip.ts); 0: none. */
  ATRIUM_TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).default(0),
  /**
   * How the message outbox sends (lib/messaging/adapters): `dev` (the default) records and logs what
   * would be sent; `live` uses the providers configured below (a channel without one fails its messages).
   */
  ATRIUM_MESSAGING: z.enum(["dev", "live"]).default("dev"),
  /** How often the scheduler delivers due messages, apart from the other jobs; 0 turns that tick off. */
  ATRIUM_MESSAGE_DELIVERY_SECONDS: z.coerce.number().int().min(0).default(30),
  /** SMTP server for email, e.g. smtps://user:pass@smtp.example.com:465 */
  ATRIUM_SMTP_URL: z.string().url().optional(),
  /** The From of email, e.g. "Atrium <noreply@example.com>". */
  ATRIUM_SMTP_FROM: z.string().min(3).optional(),
  /** The SMS provider's send endpoint (JSON POST) and its bearer key. */
  ATRIUM_SMS_API_URL: z.string().url().optional(),
  ATRIUM_SMS_API_KEY: z.string().min(1).optional(),
  /** WeChat's template-message endpoint (the access token is appended) and the official account's access token. */
  ATRIUM_WECHAT_API_URL: z.string().url().default("https://api.weixin.qq.com/cgi-bin/message/template/send"),
  ATRIUM_WECHAT_ACCESS_TOKEN: z.string().min(1).optional(),
  /** The portal's public address, for links in customers' messages (the complaint survey), e.g. https://atrium.example.com */
  ATRIUM_PUBLIC_URL: z.string().url().default("http://localhost:3000"),
});

const parsed = envSchema.safeParse({
  NODE_ENV: process.env.NODE_ENV,
  DATABASE_URL: process.env.DATABASE_URL || undefined,
  ATRIUM_DATA_DIR: process.env.ATRIUM_DATA_DIR || undefined,
  AUTH_SECRET: process.env.AUTH_SECRET || undefined,
  PORT: process.env.PORT || undefined,
  ATRIUM_DB_POOL_MAX: process.env.ATRIUM_DB_POOL_MAX || undefined,
  ATRIUM_JOB_INTERVAL_MINUTES: process.env.ATRIUM_JOB_INTERVAL_MINUTES || undefined,
  ATRIUM_TRUSTED_PROXY_HOPS: process.env.ATRIUM_TRUSTED_PROXY_HOPS || undefined,
  ATRIUM_MESSAGING: process.env.ATRIUM_MESSAGING || undefined,
  ATRIUM_MESSAGE_DELIVERY_SECONDS: process.env.ATRIUM_MESSAGE_DELIVERY_SECONDS || undefined,
  ATRIUM_SMTP_URL: process.env.ATRIUM_SMTP_URL || undefined,
  ATRIUM_SMTP_FROM: process.env.ATRIUM_SMTP_FROM || undefined,
  ATRIUM_SMS_API_URL: process.env.ATRIUM_SMS_API_URL || undefined,
  ATRIUM_SMS_API_KEY: process.env.ATRIUM_SMS_API_KEY || undefined,
  ATRIUM_WECHAT_API_URL: process.env.ATRIUM_WECHAT_API_URL || undefined,
  ATRIUM_WECHAT_ACCESS_TOKEN: process.env.ATRIUM_WECHAT_ACCESS_TOKEN || undefined,
  ATRIUM_PUBLIC_URL: process.env.ATRIUM_PUBLIC_URL || undefined,
});

if (!parsed.success) {
  const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
  throw new Error(`Invalid environment: ${problems}`);
}

export const env = {
  ...parsed.data,
  dataDir: path.resolve(parsed.data.ATRIUM_DATA_DIR),
  pgliteDir: path.resolve(parsed.data.ATRIUM_DATA_DIR, "pglite"),
};
