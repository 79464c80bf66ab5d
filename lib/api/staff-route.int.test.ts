import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { Db } from "@/db/client";
import { staffRoles } from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { StaffAccount } from "@/lib/staff/principal";
import { countingBody, streamedPost } from "@/tests/helpers/counting-stream";
import { createTestAccount } from "@/tests/helpers/run-as";
import { createTestStore, setupTestDatabase, testDriver, type TestStore } from "@/tests/helpers/test-db";
import { bytesBody, download, staffRoute, type StaffRouteDeps } from "./staff-route";

let db: Db;
let storeA: TestStore;
let storeB: TestStore;
let manager: StaffAccount;
let advisor: StaffAccount;
let pendingManager: StaffAccount;

setupTestDatabase(async (opened) => {
  db = opened;
  storeA = await createTestStore(db);
  storeB = await createTestStore(db);
  manager = await createTestAccount(db, ["manager"], [storeA.id]);
  advisor = await createTestAccount(db, ["advisor"], [storeA.id]);
  pendingManager = await createTestAccount(db, ["manager"], [storeA.id], { mustChangePassword: true });
});

/** The session a request carries, as the fake session provider answers it. */
const as = (staff: StaffAccount | null): StaffRouteDeps => ({
  currentStaff: async () => staff,
  db: () => db,
  locale: async () => "en",
});

type Mode = "ok" | "app-error" | "crash" | "duplicate";

/** A download behind `members.export`, scoped to an optional store, doing what `mode` says. */
const exportRoute = (staff: StaffAccount | null) =>
  staffRoute(
    {
      permission: "members.export",
      params: z.object({ id: z.uuid() }),
      query: z.object({
        store: z.uuid().optional(),
        rows: z.coerce.number().int().min(1),
        mode: z.enum(["ok", "app-error", "crash", "duplicate"]).default("ok"),
      }),
      scope: ({ query }) => query.store,
      async handler({ actor, db, params, query }) {
        const mode: Mode = query.mode;
        if (mode === "app-error") throw new AppError("insufficient_points");
        if (mode === "crash") throw new Error("connection to 10.0.0.7 refused: password for atrium_admin");
        if (mode === "duplicate") await db.insert(staffRoles).values({ staffId: actor.staffId, role: "manager" });
        return download(`id,rows,ip\n${params.id},${query.rows},${actor.ip}\n`, {
          contentType: "text/csv; charset=utf-8",
          filename: "report.csv",
        });
      },
    },
    as(staff),
  );

const ID = "00000000-0000-4000-8000-000000000001";
const context = (id = ID) => ({ params: Promise.resolve({ id }) });
const get = (query: string, headers: Record<string, string> = {}) =>
  new Request(`http://portal.test/x/${ID}/report?${query}`, { headers });

async function envelope(response: Response) {
  expect(response.headers.get("content-type")).toContain("application/json");
  expect(response.headers.get("cache-control")).toBe("no-store");
  return (await response.json()) as { error: { code: string; message: string; fields?: Record<string, string[]> } };
}

describe(`staffRoute on ${testDriver()}`, () => {
  it("answers 401 unauthenticated in the envelope when there is no session, before looking at the input", async () => {
    const response = await exportRoute(null)(get("rows=nope"), context());
    expect(response.status).toBe(401);
    const body = await envelope(response);
    expect(body.error.code).toBe("unauthenticated");
    expect(body.error.message).toBeTruthy();
  });

  it("answers 403 forbidden to a staff member without the permission", async () => {
    const response = await exportRoute(advisor)(get("rows=1"), context());
    expect(response.status).toBe(403);
    expect((await envelope(response)).error.code).toBe("forbidden");
  });

  it("answers 403 while a password change is pending, though the role holds the permission", async () => {
    const response = await exportRoute(pendingManager)(get("rows=1"), context());
    expect(response.status).toBe(403);
    expect((await envelope(response)).error.code).toBe("forbidden");
  });

  it("answers a query that does not parse with 422 validation and the field's messages", async () => {
    const response = await exportRoute(manager)(get("rows=0&mode=dance"), context());
    expect(response.status).toBe(422);
    const body = await envelope(response);
    expect(body.error.code).toBe("validation");
    expect(Object.keys(body.error.fields ?? {}).sort()).toEqual(["mode", "rows"]);
    expect(body.error.fields?.rows?.[0]).toBeTruthy();
  });

  it("answers a malformed route parameter with 404 not_found: it names nothing", async () => {
    const response = await exportRoute(manager)(get("rows=1"), context("not-a-uuid"));
    expect(response.status).toBe(404);
    expect((await envelope(response)).error.code).toBe("not_found");
  });

  it("answers a store outside the staff member's scope with 404 not_found, not 403", async () => {
    const response = await exportRoute(manager)(get(`rows=1&store=${storeB.id}`), context());
    expect(response.status).toBe(404);
    expect((await envelope(response)).error.code).toBe("not_found");
  });

  it("runs the handler for a store in scope, with the parsed input and the caller's address in the actor", async () => {
    const response = await exportRoute(manager)(
      // No trusted proxy: the right-most entry, the one Next's server or the nearest proxy wrote (request-ip.ts).
      get(`rows=3&store=${storeA.id}`, { "x-forwarded-for": "198.51.100.4, 203.0.113.9" }),
      context(),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="report.csv"');
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.text()).toBe(`id,rows,ip\n${ID},3,203.0.113.9\n`);
  });

  it("answers an AppError thrown by the handler with its status and code", async () => {
    const response = await exportRoute(manager)(get("rows=1&mode=app-error"), context());
    expect(response.status).toBe(409);
    expect((await envelope(response)).error.code).toBe("insufficient_points");
  });

  it("answers a unique violation in the handler's write with 409 conflict", async () => {
    const response = await exportRoute(manager)(get("rows=1&mode=duplicate"), context());
    expect(response.status).toBe(409);
    expect((await envelope(response)).error.code).toBe("conflict");
  });

  it("answers an unexpected error with 500 internal and nothing of its message", async () => {
    const original = console.error;
    console.error = () => {};
    try {
      const response = await exportRoute(manager)(get("rows=1&mode=crash"), context());
      expect(response.status).toBe(500);
      const text = await response.clone().text();
      expect((await envelope(response)).error.code).toBe("internal");
      expect(text).not.toMatch(/10\.0\.0\.7|atrium_admin|refused/);
    } finally {
      console.error = original;
    }
  });

  describe("cross-site requests", () => {
    /** A route that counts what ran: the session look-up and the handler (which would audit a download). */
    function countingRoute() {
      const ran = { session: 0, handler: 0 };
      const route = staffRoute(
        {
          permission: "members.export",
          scope: "global",
          handler: async () => {
            ran.handler++;
            return download("a\n", { contentType: "text/csv", filename: "a.csv" });
          },
        },
        { ...as(manager), currentStaff: async () => (ran.session++, manager) },
      );
      return { ran, route };
    }
    const withSite = (site?: string) =>
      new Request("http://portal.test/x/report", { headers: site === undefined ? {} : { "Sec-Fetch-Site": site } });

    it("answers a request a browser marks cross-site with 403 forbidden, before the session or the handler", async () => {
      const { ran, route } = countingRoute();
      const response = await route(withSite("cross-site"));
      expect(response.status).toBe(403);
      expect((await envelope(response)).error.code).toBe("forbidden");
      expect(ran).toEqual({ session: 0, handler: 0 });
    });

    it("serves same-origin, same-site and user-initiated requests, and clients that send no Sec-Fetch-Site", async () => {
      for (const site of ["same-origin", "same-site", "none", undefined]) {
        const { ran, route } = countingRoute();
        expect((await route(withSite(site))).status, String(site)).toBe(200);
        expect(ran.handler, String(site)).toBe(1);
      }
    });
  });

  describe("bodies", () => {
    const upload = (staff: StaffAccount) =>
      staffRoute(
        {
          permission: "members.import",
          body: bytesBody(8),
          scope: "global",
          handler: async ({ body }) => Response.json({ received: body.length }),
        },
        as(staff),
      );
    const note = (staff: StaffAccount) =>
      staffRoute(
        {
          permission: "members.write",
          body: z.object({ text: z.string().min(1).max(5) }),
          scope: "global",
          handler: async ({ body }) => Response.json({ text: body.text }),
        },
        as(staff),
      );
    const post = (body: BodyInit) => new Request("http://portal.test/upload", { method: "POST", body });

    it("hands raw bytes to the handler and refuses more than the limit with 413", async () => {
      expect(await (await upload(manager)(post(new Uint8Array([1, 2, 3])))).json()).toEqual({ received: 3 });
      const tooLarge = await upload(manager)(post(new Uint8Array(9)));
      expect(tooLarge.status).toBe(413);
      expect((await envelope(tooLarge)).error.code).toBe("validation");
    });

    it("stops reading a streamed body (no Content-Length) at the limit and answers 413", async () => {
      const bytes = countingBody(1024 * 1024, 4);
      const tooLarge = await upload(manager)(streamedPost("http://portal.test/upload", bytes.stream));
      expect(tooLarge.status).toBe(413);
      expect((await envelope(tooLarge)).error.code).toBe("validation");
      expect(bytes.pulled()).toBeLessThanOrEqual(16);
      const json = countingBody(64 * 1024 * 1024);
      const tooLargeJson = await note(advisor)(streamedPost("http://portal.test/upload", json.stream));
      expect(tooLargeJson.status).toBe(413);
      expect(json.pulled()).toBeLessThan(64 * 1024 * 1024);
    });

    it("refuses a NUL character in the body or the query with 422 naming the field, before the handler", async () => {
      const body = await note(advisor)(post(JSON.stringify({ text: "a\u0000" })));
      expect(body.status).toBe(422);
      expect((await envelope(body)).error.fields).toEqual({ text: ["noNulCharacter"] });
      const query = await exportRoute(manager)(get("rows=1&note=%00"), context());
      expect(query.status).toBe(422);
      expect((await envelope(query)).error.fields).toEqual({ note: ["noNulCharacter"] });
    });

    it("parses a JSON body: 400 invalid_json when it is not JSON, 422 with fields when it does not fit", async () => {
      expect(await (await note(advisor)(post(JSON.stringify({ text: "hi" })))).json()).toEqual({ text: "hi" });
      const notJson = await note(advisor)(post("{"));
      expect(notJson.status).toBe(400);
      expect((await envelope(notJson)).error.code).toBe("invalid_json");
      const invalid = await note(advisor)(post(JSON.stringify({ text: "too long" })));
      expect(invalid.status).toBe(422);
      expect((await envelope(invalid)).error.fields?.text).toHaveLength(1);
    });
  });
});
