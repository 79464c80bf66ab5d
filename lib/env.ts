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
