import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { endSession } from "@/lib/auth/ended-sessions";
import { createTestStaff, createTestStore, setupTestDatabase, testDriver } from "@/tests/helpers/test-db";
import { loadSessionAccount, loadStaffAccount } from "./principal";

describe(`the session's staff member on ${testDriver()}`, () => {
  let db: Db;
  setupTestDatabase((opened) => {
    db = opened;
  });

  const sorted = <T>(values: readonly T[]) => [...values].sort();

  it("reads what loadStaffAccount reads, roles and stores included, in one statement", async () => {
    const [a, b] = [await createTestStore(db), await createTestStore(db)];
    const person = await createTestStaff(db, { roles: ["manager", "advisor"], storeIds: [a.id, b.id] });
    const expected = (await loadStaffAccount(db, person.id))!;
    const account = (await loadSessionAccount(db, { staffId: person.id, signedInAt: Date.now() }))!;
    expect({ ...account, roles: sorted(account.roles), storeIds: sorted(account.storeIds) }).toEqual({
      ...expected,
      roles: sorted(expected.roles),
      storeIds: sorted(expected.storeIds),
      sessionEnded: false,
    });
    expect(sorted(account.roles)).toEqual(["advisor", "manager"]);
    expect(sorted(account.storeIds)).toEqual(sorted([a.id, b.id]));
  });

  it("says a signed-out session ended, and only that one; a staff member without stores has an empty list", async () => {
    const person = await createTestStaff(db, { roles: ["admin"], storeIds: [] });
    const signedOut = { staffId: person.id, signedInAt: Date.parse("2031-05-01T01:02:03.456Z") };
    await endSession(db, signedOut, new Date("2031-05-01T02:00:00Z"));
    const ended = (await loadSessionAccount(db, signedOut))!;
    expect(ended.sessionEnded).toBe(true);
    expect(ended).toMatchObject({ roles: ["admin"], storeIds: [] });
    expect((await loadSessionAccount(db, { ...signedOut, signedInAt: signedOut.signedInAt + 1 }))!.sessionEnded).toBe(
      false,
    );
  });

  it("finds no one for an unknown id", async () => {
    expect(await loadSessionAccount(db, { staffId: "00000000-0000-4000-8000-000000000000", signedInAt: 0 })).toBeNull();
  });
});
