import { count } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { memberCards, members } from "@/db/schema";
import { seedDemo } from "./seed";
import { seedDemoMembers } from "./seed-members";
import { setupTestDatabase } from "@/tests/helpers/test-db";

const database = setupTestDatabase((db) => seedDemo(db));

describe("demo members", () => {
  it("creates members with search keys and cards once; a second run adds nothing", async () => {
    expect(await seedDemoMembers(database.db, 120)).toEqual({ membersCreated: 120 });
    expect(await seedDemoMembers(database.db, 120)).toEqual({ membersCreated: 0 });
    const [m] = await database.db.select({ n: count() }).from(members);
    const [c] = await database.db.select({ n: count() }).from(memberCards);
    expect(m?.n).toBe(120);
    expect(c?.n).toBe(120);
    const sample = await database.db.select().from(members).limit(5);
    for (const row of sample) {
      expect(row.nameInitials.length).toBeGreaterThanOrEqual(2);
      expect(row.nameGrams).toContain([...row.name][0]);
      expect(row.phoneE164).toMatch(/^\+861[3-9]\d{9}$/);
    }
  });
});
