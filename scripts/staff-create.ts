import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { stores } from "@/db/schema";
import { ROLES } from "@/lib/auth/policy";
import { createStaff } from "@/lib/staff/service";
import { usernameSchema } from "@/lib/staff/schemas";
import { openMigratedDatabase } from "./lib/database";

// npm run staff:create -- --username NAME --role admin [--role manager] [--store CODE] [--name "显示名"]
const { values } = parseArgs({
  options: {
    username: { type: "string" },
    role: { type: "string", multiple: true },
    store: { type: "string", multiple: true },
    name: { type: "string" },
    "all-stores": { type: "boolean", default: false },
  },
});

const args = z
  .object({
    username: usernameSchema,
    role: z.array(z.enum(ROLES)).min(1),
    store: z.array(z.string()).default([]),
    name: z.string().optional(),
    "all-stores": z.boolean(),
  })
  .safeParse(values);
if (!args.success) {
  console.error(
    "Usage: npm run staff:create -- --username NAME --role ROLE [--role ROLE] [--store CODE] [--name NAME] [--all-stores]",
  );
  console.error(`Roles: ${ROLES.join(", ")}`);
  console.error(z.prettifyError(args.error));
  process.exit(2);
}

const handle = await openMigratedDatabase();
try {
  const result = await handle.db.transaction(async (db) => {
    const storeIds: string[] = [];
    for (const code of args.data.store) {
      const [store] = await db.select({ id: stores.id }).from(stores).where(eq(stores.code, code));
      if (!store) throw new Error(`Unknown store code: ${code}`);
      storeIds.push(store.id);
    }
    return createStaff(db, null, {
      username: args.data.username,
      displayName: args.data.name ?? args.data.username,
      roles: args.data.role,
      storeIds,
      allStores: args.data["all-stores"],
    });
  });
  console.log(`Created ${args.data.username} (${args.data.role.join(", ")}).`);
  console.log(`One-time password (shown once; must be changed at first sign-in): ${result.oneTimePassword}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await handle.close();
}
