import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { stores } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/service";
import { createApiKeySchema, DEFAULT_RATE_LIMIT_PER_MINUTE } from "@/lib/api-keys/schemas";
import { describeDatabase, openMigratedDatabase } from "./lib/database";

// npm run apikey:create -- --store CODE --name NAME [--kind pos|member_app] [--rate-limit N]
const USAGE = "Usage: npm run apikey:create -- --store CODE --name NAME [--kind pos|member_app] [--rate-limit N]";
const { values } = parseArgs({
  options: {
    store: { type: "string" },
    name: { type: "string" },
    kind: { type: "string" },
    "rate-limit": { type: "string" },
  },
});

const args = z
  .object({
    store: z.string().trim().min(1),
    name: createApiKeySchema.shape.name,
    kind: createApiKeySchema.shape.kind,
    "rate-limit": z.coerce.number().pipe(createApiKeySchema.shape.rateLimitPerMinute.unwrap()).optional(),
  })
  .safeParse(values);
if (!args.success) {
  console.error(USAGE);
  console.error(z.prettifyError(args.error));
  process.exit(2);
}

const handle = await openMigratedDatabase();
try {
  const created = await handle.db.transaction(async (db) => {
    const [store] = await db.select({ id: stores.id }).from(stores).where(eq(stores.code, args.data.store));
    if (!store) throw new Error(`Unknown store code: ${args.data.store}`);
    return createApiKey(
      db,
      { label: "cli" },
      {
        storeId: store.id,
        name: args.data.name,
        kind: args.data.kind,
        rateLimitPerMinute: args.data["rate-limit"] ?? DEFAULT_RATE_LIMIT_PER_MINUTE,
      },
    );
  });
  // The key alone on stdout, so that `KEY=$(npm run -s apikey:create -- …)` captures it; the rest on stderr.
  console.error(
    `Created ${created.kind} API key "${created.name}" for store ${args.data.store} (${created.rateLimitPerMinute} requests/min) in ${describeDatabase()}.`,
  );
  console.error("Shown only once; only its SHA-256 is stored:");
  console.log(created.key);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await handle.close();
}
