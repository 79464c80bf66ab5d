import { beforeEach, describe, expect, it, vi } from "vitest";
import type { StaffAccount } from "@/lib/staff/principal";

/**
 * The upload route as Next.js calls it. The session, the language and the upload folder are
 * replaced: the route needs a Next.js request for the first two, and the point here is only what
 * it does with the request's headers.
 */

const admin: StaffAccount = {
  id: "00000000-0000-4000-8000-00000000000a",
  username: "admin",
  displayName: "Admin",
  roles: ["admin"],
  storeIds: [],
  allStores: true,
  active: true,
  authVersion: 1,
  mustChangePassword: false,
  locale: "en",
};

const storage = vi.hoisted(() => ({
  createUpload: vi.fn(async () => "11111111-1111-4111-8111-111111111111"),
  appendUploadPart: vi.fn(async (_staffId: string, _uploadId: string, offset: number, bytes: Uint8Array) => {
    return offset + bytes.length;
  }),
}));

vi.mock("@/lib/auth/session", () => ({ getCurrentStaff: async () => admin }));
vi.mock("next-intl/server", () => ({ getLocale: async () => "en" }));
vi.mock("@/db/client", () => ({ getDb: () => ({}) }));
vi.mock("@/lib/members/import/storage", () => ({ ...storage, UPLOAD_PART_MAX_BYTES: 4 * 1024 * 1024 }));

const { POST } = await import("./route");

function upload(fileNameHeader: string | null) {
  const headers = new Headers({ "x-atrium-upload": "1", "content-type": "application/octet-stream" });
  if (fileNameHeader !== null) headers.set("x-file-name", fileNameHeader);
  return POST(
    new Request("http://portal.test/members/import/upload?offset=0", {
      method: "POST",
      headers,
      body: new TextEncoder().encode("name,phone\n"),
    }),
  );
}

describe("POST /members/import/upload: the file name header", () => {
  beforeEach(() => {
    storage.createUpload.mockClear();
    storage.appendUploadPart.mockClear();
  });

  it("keeps a percent-encoded Chinese name, and names a missing one import.csv", async () => {
    expect((await upload(encodeURIComponent("会员 2024.csv"))).status).toBe(200);
    expect((await upload(null)).status).toBe(200);
    expect(storage.createUpload.mock.calls.map((call) => (call as unknown[])[1])).toEqual([
      "会员 2024.csv",
      "import.csv",
    ]);
  });

  it.each([
    ["a malformed percent-encoding", "%E0%A4%A"],
    ["a lone percent sign", "100%.csv"],
    ["an encoded NUL", "a%00b.csv"],
    ["an encoded control character", "a%1Bb.csv"],
  ])("answers %s with 422 and a field message, creating no upload", async (_, header) => {
    const response = await upload(header);
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({
      error: { code: "validation", fields: { file: ["importFileNameInvalid"] } },
    });
    expect(storage.createUpload).not.toHaveBeenCalled();
    expect(storage.appendUploadPart).not.toHaveBeenCalled();
  });
});
