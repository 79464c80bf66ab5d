import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { endedSessions } from "@/db/schema";
import { createTestStaff, setupTestDatabase, testDriver } from "@/tests/helpers/test-db";
import { SESSION_MAX_AGE_SECONDS } from "./config";
import { endSession, isSessionEnded } from "./ended-sessions";

describe(`ended sessions on ${testDriver()}`, () => {
  let db: Db;
  setupTestDatabase((opened) => {
    db = opened;
  });

  it("refuses the signed-out session only: the same person's other sessions stay valid", async () => {
    const person = await createTestStaff(db);
    const signedOut = { staffId: person.id, signedInAt: Date.parse("2031-05-01T01:02:03.456Z") };
    const otherDevice = { staffId: person.id, signedInAt: signedOut.signedInAt + 1 };
    expect(await isSessionEnded(db, signedOut)).toBe(false);

    await endSession(db, signedOut, new Date("2031-05-01T02:00:00Z"));
    expect(await isSessionEnded(db, signedOut)).toBe(true);
    expect(await isSessionEnded(db, otherDevice)).toBe(false);
    // Signing out twice (two tabs) is one record.
    await endSession(db, signedOut, new Date("2031-05-01T02:00:01Z"));
    expect(await db.select().from(endedSessions).where(eq(endedSessions.staffId, person.id))).toHaveLength(1);
  });

  it("drops the records of sessions older than a session can live", async () => {
    const person = await createTestStaff(db);
    const now = new Date("2031-06-01T12:00:00Z");
    const expired = { staffId: person.id, signedInAt: now.getTime() - SESSION_MAX_AGE_SECONDS * 1000 - 1 };
    const young = { staffId: person.id, signedInAt: now.getTime() - 60_000 };
    await endSession(db, expired, new Date(expired.signedInAt + 1000));
    await endSession(db, young, now);
    expect(await isSessionEnded(db, expired)).toBe(false);
    expect(await isSessionEnded(db, young)).toBe(true);
  });
});
