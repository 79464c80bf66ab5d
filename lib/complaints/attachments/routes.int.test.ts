import { eq } from "drizzle-orm";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { complaintAttachments } from "@/db/schema";
import { staffRoute, type StaffRouteDeps } from "@/lib/api/staff-route";
import { logComplaintSchema } from "@/lib/complaints/cases/schemas";
import { logComplaint } from "@/lib/complaints/cases/service";
import type { StaffAccount } from "@/lib/staff/principal";
import { createPrincipal, type TestPrincipal } from "@/tests/helpers/members";
import { createTestAccount } from "@/tests/helpers/run-as";
import {
  auditEntries,
  createTestStore,
  inTx,
  setupTestDatabase,
  testDriver,
  type TestStore,
} from "@/tests/helpers/test-db";
import { listComplaintAttachments } from "./queries";
import {
  complaintAttachmentFileRoute,
  complaintAttachmentThumbnailRoute,
  uploadComplaintAttachmentRoute,
} from "./routes";
import { MAX_ATTACHMENTS_PER_COMPLAINT } from "./schemas";

let db: Db;
let store: TestStore;
let otherStore: TestStore;
let handler: StaffAccount;
let advisor: StaffAccount;
let otherHandler: StaffAccount;
let intake: TestPrincipal;

setupTestDatabase(async (opened) => {
  db = opened;
  store = await createTestStore(db);
  otherStore = await createTestStore(db);
  handler = await createTestAccount(db, ["service"], [store.id]);
  advisor = await createTestAccount(db, ["advisor"], [store.id]);
  otherHandler = await createTestAccount(db, ["service"], [otherStore.id]);
  intake = await createPrincipal(db, ["service"], [store.id]);
});

const as = (staff: StaffAccount): StaffRouteDeps => ({
  currentStaff: async () => staff,
  db: () => db,
  locale: async () => "zh-CN",
});
const PDF = Buffer.from("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

async function complaint(): Promise<string> {
  const input = logComplaintSchema.parse({
    storeId: store.id,
    channel: "in_store",
    category: "product_quality",
    severity: "medium",
    customerName: "王女士",
    customerContact: "13900002222",
    description: "手镯搭扣松动",
  });
  const { complaintId } = await inTx(db, (tx) => logComplaint(tx, intake.actor, intake, input, new Date()));
  return complaintId;
}

function upload(
  staff: StaffAccount,
  complaintId: string,
  bytes: Uint8Array,
  name: string,
  headers = { "x-atrium-upload": "1" },
) {
  return staffRoute(uploadComplaintAttachmentRoute, as(staff))(
    new Request(`http://portal.test/complaints/${complaintId}/attachments?name=${encodeURIComponent(name)}`, {
      method: "POST",
      body: new Uint8Array(bytes),
      headers,
    }),
    { params: Promise.resolve({ id: complaintId }) },
  );
}

function fetchFile(staff: StaffAccount, complaintId: string, attachmentId: string, thumbnail = false) {
  return staffRoute(thumbnail ? complaintAttachmentThumbnailRoute : complaintAttachmentFileRoute, as(staff))(
    new Request(`http://portal.test/complaints/${complaintId}/attachments/${attachmentId}`),
    { params: Promise.resolve({ id: complaintId, attachmentId }) },
  );
}

describe(`complaint attachments on ${testDriver()}`, () => {
  it("takes a photo and a PDF, serves them back to staff of the store only, and audits no name", async () => {
    const id = await complaint();
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#d4af37" } })
      .jpeg()
      .toBuffer();
    const photo = await upload(handler, id, jpeg, "划痕.jpg");
    expect(photo.status).toBe(201);
    const { attachment } = (await photo.json()) as { attachment: { id: string; fileName: string } };
    expect(attachment.fileName).toBe("划痕.jpg");
    const letter = await upload(handler, id, PDF, "../../投诉信.pdf");
    expect(letter.status).toBe(201);

    const listed = await listComplaintAttachments(db, handler, id);
    expect(listed.map((a) => [a.fileName, a.contentType, a.isImage])).toEqual([
      ["划痕.jpg", "image/jpeg", true],
      ["投诉信.pdf", "application/pdf", false],
    ]);

    const image = await fetchFile(advisor, id, attachment.id);
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/jpeg");
    expect(image.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await image.arrayBuffer()).equals(jpeg)).toBe(true);
    expect((await fetchFile(advisor, id, attachment.id, true)).headers.get("content-type")).toBe("image/webp");

    const pdf = await fetchFile(handler, id, listed[1]!.id);
    expect(pdf.headers.get("content-disposition")).toMatch(/^attachment; filename=".*"; filename\*=UTF-8''/);
    expect(pdf.headers.get("content-security-policy")).toContain("sandbox");
    // A PDF has no thumbnail; another store's staff do not find the files at all.
    expect((await fetchFile(handler, id, listed[1]!.id, true)).status).toBe(404);
    expect((await fetchFile(otherHandler, id, attachment.id)).status).toBe(404);
    expect(await listComplaintAttachments(db, otherHandler, id)).toEqual([]);

    const audit = await auditEntries(db, { action: "complaint.attachment.add", entityId: id });
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toContain("划痕");
  });

  it("refuses a disguised file, a reader without complaints.handle, another store's complaint and a cross-site upload, writing nothing", async () => {
    const id = await complaint();
    const html = Buffer.from("<svg onload=alert(1)></svg>");
    const disguised = await upload(handler, id, html, "photo.jpg");
    expect(disguised.status).toBe(422);
    expect(((await disguised.json()) as { error: { fields: unknown } }).error.fields).toEqual({
      file: [expect.any(String)],
    });
    expect((await upload(advisor, id, PDF, "a.pdf")).status).toBe(403);
    expect((await upload(otherHandler, id, PDF, "a.pdf")).status).toBe(404);
    expect((await upload(handler, id, PDF, "a.pdf", {} as { "x-atrium-upload": string })).status).toBe(403);
    const rows = await db.select().from(complaintAttachments).where(eq(complaintAttachments.complaintId, id));
    expect(rows).toEqual([]);
  });

  it(`stops at ${MAX_ATTACHMENTS_PER_COMPLAINT} files per complaint`, async () => {
    const id = await complaint();
    for (let i = 0; i < MAX_ATTACHMENTS_PER_COMPLAINT; i++)
      expect((await upload(handler, id, PDF, `${i}.pdf`)).status).toBe(201);
    const over = await upload(handler, id, PDF, "one-more.pdf");
    expect(over.status).toBe(409);
    expect(await listComplaintAttachments(db, handler, id)).toHaveLength(MAX_ATTACHMENTS_PER_COMPLAINT);
  });
});
