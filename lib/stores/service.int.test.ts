import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { stores } from "@/db/schema";
import { errorOf } from "@/tests/helpers/errors";
import {
  auditEntries,
  createTestStaff,
  createTestStore,
  everyDay,
  setupTestDatabase,
  testDriver,
  uniqueSuffix,
} from "@/tests/helpers/test-db";
import { storeFormSchema, updateStoreSchema } from "./schemas";
import { createStore, updateStore } from "./service";

const code = () => `S-${uniqueSuffix(6).toUpperCase()}`;

describe(`store service on ${testDriver()}`, () => {
  let db: Db;
  setupTestDatabase((opened) => {
    db = opened;
  });

  const hours = everyDay([
    { open: "10:00", close: "14:00" },
    { open: "15:00", close: "22:00" },
  ]);

  it("creates a store with its hours and audits it", async () => {
    const admin = await createTestStaff(db, { roles: ["admin"], allStores: true });
    const input = storeFormSchema.parse({
      code: code(),
      name: "静安嘉里中心店",
      nameEn: "",
      timeZone: "Asia/Shanghai",
      businessHours: { ...hours, mon: [] },
      active: true,
    });
    const { id } = await createStore(db, admin.actor, input);

    const [row] = await db.select().from(stores).where(eq(stores.id, id));
    expect(row).toMatchObject({
      code: input.code,
      name: "静安嘉里中心店",
      nameEn: null,
      timeZone: "Asia/Shanghai",
      active: true,
    });
    expect(row!.businessHours).toEqual({ ...hours, mon: [] });

    const audit = await auditEntries(db, { action: "store.create", entityId: id });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorStaffId: admin.id,
      storeId: id,
      entityType: "store",
      details: { code: input.code, name: "静安嘉里中心店" },
    });
  });

  it("refuses a duplicate store code as a conflict on the code field", async () => {
    const existing = await createTestStore(db);
    const error = await errorOf(
      createStore(
        db,
        null,
        storeFormSchema.parse({
          code: existing.code,
          name: "Another",
          timeZone: "Asia/Shanghai",
          businessHours: hours,
          active: true,
        }),
      ),
    );
    expect(error.code).toBe("conflict");
    expect(error.fieldErrors).toEqual({ code: ["storeCodeTaken"] });
    expect(await db.select().from(stores).where(eq(stores.code, existing.code))).toHaveLength(1);
  });

  describe("updateStore", () => {
    async function storeInput(id: string) {
      const [row] = await db.select().from(stores).where(eq(stores.id, id));
      return updateStoreSchema.parse({
        id,
        code: row!.code,
        name: row!.name,
        nameEn: row!.nameEn ?? "",
        timeZone: row!.timeZone,
        businessHours: row!.businessHours,
        active: row!.active,
      });
    }

    it("audits only the fields that changed, with before and after", async () => {
      const admin = await createTestStaff(db, { roles: ["admin"], allStores: true });
      const store = await createTestStore(db, { name: "Old name", businessHours: hours });
      const input = { ...(await storeInput(store.id)), name: "New name", timeZone: "Asia/Hong_Kong" };
      await updateStore(db, admin.actor, input);

      const [row] = await db.select().from(stores).where(eq(stores.id, store.id));
      expect(row).toMatchObject({ name: "New name", timeZone: "Asia/Hong_Kong", code: store.code });

      const audit = await auditEntries(db, { action: "store.update", entityId: store.id });
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actorStaffId: admin.id, storeId: store.id, entityType: "store" });
      expect(audit[0]!.details).toEqual({
        name: { from: "Old name", to: "New name" },
        timeZone: { from: "Asia/Shanghai", to: "Asia/Hong_Kong" },
      });
    });

    it("audits changed business hours", async () => {
      const admin = await createTestStaff(db, { roles: ["admin"], allStores: true });
      const store = await createTestStore(db, { businessHours: hours });
      const newHours = { ...hours, sun: [{ open: "11:00", close: "20:00" }] };
      await updateStore(db, admin.actor, { ...(await storeInput(store.id)), businessHours: newHours });

      const [row] = await db.select().from(stores).where(eq(stores.id, store.id));
      expect(row!.businessHours).toEqual(newHours);
      const [entry] = await auditEntries(db, { action: "store.update", entityId: store.id });
      expect(Object.keys(entry!.details ?? {})).toEqual(["businessHours"]);
      expect(entry!.details).toMatchObject({ businessHours: { from: hours, to: newHours } });
    });

    it("records nothing as changed when the same values are saved again", async () => {
      const admin = await createTestStaff(db, { roles: ["admin"], allStores: true });
      const store = await createTestStore(db, { businessHours: hours, nameEn: "" });
      // The form sends the weekdays in calendar order, whatever order the database returns them in.
      const input = await storeInput(store.id);
      await updateStore(db, admin.actor, { ...input, businessHours: { ...hours } });
      const [entry] = await auditEntries(db, { action: "store.update", entityId: store.id });
      expect(entry!.details).toEqual({});
    });

    it("deactivating a store is audited as a change of active", async () => {
      const admin = await createTestStaff(db, { roles: ["admin"], allStores: true });
      const store = await createTestStore(db);
      await updateStore(db, admin.actor, { ...(await storeInput(store.id)), active: false });
      const [entry] = await auditEntries(db, { action: "store.update", entityId: store.id });
      expect(entry!.details).toEqual({ active: { from: true, to: false } });
    });

    it("refuses to take another store's code", async () => {
      const admin = await createTestStaff(db, { roles: ["admin"], allStores: true });
      const first = await createTestStore(db);
      const second = await createTestStore(db);
      const error = await errorOf(updateStore(db, admin.actor, { ...(await storeInput(second.id)), code: first.code }));
      expect(error.code).toBe("conflict");
      expect(error.fieldErrors).toEqual({ code: ["storeCodeTaken"] });
      const [row] = await db.select().from(stores).where(eq(stores.id, second.id));
      expect(row!.code).toBe(second.code);
      expect(await auditEntries(db, { action: "store.update", entityId: second.id })).toHaveLength(0);
    });

    it("reports an unknown store as not found", async () => {
      const admin = await createTestStaff(db, { roles: ["admin"], allStores: true });
      const store = await createTestStore(db);
      const input = { ...(await storeInput(store.id)), id: "00000000-0000-4000-8000-000000000000" };
      expect((await errorOf(updateStore(db, admin.actor, input))).code).toBe("not_found");
    });
  });
});
