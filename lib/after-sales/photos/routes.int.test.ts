import { count, eq } from "drizzle-orm";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { afterSalesPhotos, serviceTickets } from "@/db/schema";
import { staffRoute, type StaffRouteDeps } from "@/lib/api/staff-route";
import type { StaffAccount } from "@/lib/staff/principal";
import { insertJewelryItem, insertServiceTicket } from "@/tests/helpers/after-sales";
import { insertMember } from "@/tests/helpers/members";
import { createTestAccount } from "@/tests/helpers/run-as";
import { auditEntries, createTestStore, setupTestDatabase, testDriver, type TestStore } from "@/tests/helpers/test-db";
import { itemPhotos, ticketPhotos } from "./queries";
import { photoImageRoute, photoThumbnailRoute, uploadPhotoRoute } from "./routes";
import { MAX_PHOTOS_PER_SET, type PhotoView } from "./schemas";

let db: Db;
let store: TestStore;
let otherStore: TestStore;
let afterSales: StaffAccount;
let advisor: StaffAccount;
let otherAfterSales: StaffAccount;
let memberId: string;
let itemId: string;
let png: Buffer;
let jpeg: Buffer;

setupTestDatabase(async (opened) => {
  db = opened;
  store = await createTestStore(db);
  otherStore = await createTestStore(db);
  afterSales = await createTestAccount(db, ["after_sales"], [store.id]);
  advisor = await createTestAccount(db, ["advisor"], [store.id]);
  otherAfterSales = await createTestAccount(db, ["after_sales"], [otherStore.id]);
  memberId = (await insertMember(db, { storeId: store.id })).id;
  itemId = (await insertJewelryItem(db, { memberId, storeId: store.id })).id;
  png = await sharp({ create: { width: 640, height: 480, channels: 3, background: "#d4af37" } })
    .png()
    .toBuffer();
  jpeg = await sharp({ create: { width: 300, height: 200, channels: 3, background: "#c0c0c0" } })
    .jpeg()
    .toBuffer();
});

const deps = (staff: StaffAccount | null): StaffRouteDeps => ({
  currentStaff: async () => staff,
  db: () => db,
  locale: async () => "zh-CN",
});

type ErrorBody = { error: { code: string; fields?: Record<string, string[]> } };

function upload(
  staff: StaffAccount,
  options: { item?: string; stage?: string; ticketId?: string; body?: Uint8Array; headers?: Record<string, string> },
) {
  const item = options.item ?? itemId;
  const query = new URLSearchParams({
    stage: options.stage ?? "passport",
    ...(options.ticketId ? { ticketId: options.ticketId } : {}),
  });
  const request = new Request(`http://portal.test/after-sales/items/${item}/photos?${query}`, {
    method: "POST",
    headers: {
      "content-type": "image/jpeg",
      "x-atrium-upload": "1",
      "sec-fetch-site": "same-origin",
      ...options.headers,
    },
    body: new Uint8Array(options.body ?? png),
  });
  return staffRoute(uploadPhotoRoute, deps(staff))(request, { params: Promise.resolve({ id: item }) });
}

function get(staff: StaffAccount, photo: { itemId: string; id: string }, variant: "image" | "thumbnail" = "image") {
  const path = `/after-sales/items/${photo.itemId}/photos/${photo.id}${variant === "thumbnail" ? "/thumbnail" : ""}`;
  const route = staffRoute(variant === "image" ? photoImageRoute : photoThumbnailRoute, deps(staff));
  return route(new Request(`http://portal.test${path}`), {
    params: Promise.resolve({ id: photo.itemId, photoId: photo.id }),
  });
}

async function photoCount() {
  const [row] = await db.select({ value: count() }).from(afterSalesPhotos);
  return row!.value;
}

describe("uploading a photo", () => {
  it("keeps a passport photo as sent, typed by its content (a PNG sent as image/jpeg), with a thumbnail, audited", async () => {
    const response = await upload(afterSales, {});
    expect(response.status).toBe(201);
    const { photo } = (await response.json()) as { photo: PhotoView };
    expect(photo).toMatchObject({
      itemId,
      ticketId: null,
      stage: "passport",
      width: 640,
      height: 480,
      sizeBytes: png.length,
    });
    const [row] = await db.select().from(afterSalesPhotos).where(eq(afterSalesPhotos.id, photo.id));
    expect(row!.contentType).toBe("image/png");
    expect(Buffer.from(row!.bytes).equals(png)).toBe(true);
    expect((await sharp(row!.thumbnail).metadata()).format).toBe("webp");
    const [audit] = await auditEntries(db, { action: "after_sales.photo.attach", entityId: photo.id });
    expect(audit).toMatchObject({ actorStaffId: afterSales.id, storeId: store.id });
    expect(audit!.details).toMatchObject({ itemId, stage: "passport", sizeBytes: png.length, sha256: row!.sha256 });
  });

  it("refuses a text file named as a JPEG, an empty body and an oversized one, writing nothing", async () => {
    const before = await photoCount();
    const text = await upload(afterSales, { body: Buffer.from("just some text, not a photo.jpg") });
    expect(text.status).toBe(422);
    expect(((await text.json()) as ErrorBody).error.fields).toEqual({ file: ["imageUnsupported"] });
    const empty = await upload(afterSales, { body: new Uint8Array(0) });
    expect(empty.status).toBe(422);
    expect(((await empty.json()) as ErrorBody).error.fields).toEqual({ file: ["imageEmpty"] });
    const huge = await upload(afterSales, { body: new Uint8Array(8 * 1024 * 1024 + 1) });
    expect(huge.status).toBe(413);
    expect(await photoCount()).toBe(before);
  });

  it("needs the upload header (no cross-site form can send it), aftersales.intake, and the piece in scope", async () => {
    const before = await photoCount();
    expect((await upload(afterSales, { headers: { "x-atrium-upload": "" } })).status).toBe(403);
    expect((await upload(afterSales, { headers: { "sec-fetch-site": "cross-site" } })).status).toBe(403);
    expect((await upload(advisor, {})).status).toBe(403);
    expect((await upload(otherAfterSales, {})).status).toBe(404);
    expect((await upload(afterSales, { item: "not-a-uuid" })).status).toBe(404);
    const badStage = await upload(afterSales, { stage: "pickup" });
    expect(badStage.status).toBe(422);
    expect(await photoCount()).toBe(before);
  });

  it("adds intake photos to a ticket of the piece while it is at intake only, and keeps a set to 12", async () => {
    const ticket = await insertServiceTicket(db, { memberId, storeId: store.id, itemId, status: "received" });
    const needsTicket = await upload(afterSales, { stage: "intake" });
    expect(needsTicket.status).toBe(422);
    expect(((await needsTicket.json()) as ErrorBody).error.fields).toEqual({ ticketId: ["photoTicketRequired"] });

    for (let i = 0; i < MAX_PHOTOS_PER_SET; i++) {
      expect((await upload(afterSales, { stage: "intake", ticketId: ticket.id, body: jpeg })).status).toBe(201);
    }
    const thirteenth = await upload(afterSales, { stage: "intake", ticketId: ticket.id, body: jpeg });
    expect(thirteenth.status).toBe(409);
    expect(((await thirteenth.json()) as ErrorBody).error.fields).toEqual({ file: ["photoTooMany"] });

    const later = await insertServiceTicket(db, { memberId, storeId: store.id, itemId, status: "received" });
    await db.update(serviceTickets).set({ status: "at_workshop" }).where(eq(serviceTickets.id, later.id));
    const closed = await upload(afterSales, { stage: "intake", ticketId: later.id, body: jpeg });
    expect(closed.status).toBe(409);
    // Another piece's ticket is not this piece's.
    const otherItem = await insertJewelryItem(db, { memberId, storeId: store.id });
    expect((await upload(afterSales, { item: otherItem.id, stage: "intake", ticketId: ticket.id })).status).toBe(404);
    expect(await ticketPhotos(db, afterSales, ticket.id)).toHaveLength(MAX_PHOTOS_PER_SET);
  });
});

describe("serving a photo", () => {
  let passportPhoto: PhotoView;
  let intakePhoto: PhotoView;
  let workshopTicketId: string;

  beforeAll(async () => {
    passportPhoto = ((await (await upload(afterSales, { body: jpeg })).json()) as { photo: PhotoView }).photo;
    // A ticket of this store's member taken in at the other store (its workshop).
    const workshopAccount = otherAfterSales;
    const ticket = await insertServiceTicket(db, { memberId, storeId: otherStore.id, itemId, status: "received" });
    workshopTicketId = ticket.id;
    const response = await upload(workshopAccount, { stage: "intake", ticketId: ticket.id, body: png });
    expect(response.status).toBe(201);
    intakePhoto = ((await response.json()) as { photo: PhotoView }).photo;
  });

  it("serves the image with its checked type, private, unsniffed; and the thumbnail as WebP", async () => {
    const image = await get(advisor, passportPhoto);
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/jpeg");
    expect(image.headers.get("cache-control")).toMatch(/^private\b/);
    expect(image.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await image.arrayBuffer()).equals(jpeg)).toBe(true);
    const thumbnail = await get(advisor, passportPhoto, "thumbnail");
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get("content-type")).toBe("image/webp");
    expect(thumbnail.headers.get("cache-control")).toMatch(/^private\b/);
    expect(thumbnail.headers.get("x-content-type-options")).toBe("nosniff");
    expect((await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata()).format).toBe("webp");
  });

  it("is 404 for another store's staff, unless it is a photo of a ticket of their store", async () => {
    expect((await get(otherAfterSales, passportPhoto)).status).toBe(404);
    expect((await get(otherAfterSales, passportPhoto, "thumbnail")).status).toBe(404);
    expect((await get(otherAfterSales, intakePhoto)).status).toBe(200);
    // The member's store sees the whole piece, the workshop's photo included.
    expect((await get(afterSales, intakePhoto)).status).toBe(200);
    expect((await itemPhotos(db, otherAfterSales, itemId)).map((photo) => photo.id)).toEqual([intakePhoto.id]);
    expect((await ticketPhotos(db, otherAfterSales, workshopTicketId)).map((photo) => photo.id)).toEqual([
      intakePhoto.id,
    ]);
  });

  it("is 404 under another piece's address, for an id that is not one, and 401 without a session", async () => {
    const otherItem = await insertJewelryItem(db, { memberId, storeId: store.id });
    expect((await get(afterSales, { itemId: otherItem.id, id: passportPhoto.id })).status).toBe(404);
    expect((await get(afterSales, { itemId, id: "x" })).status).toBe(404);
    const anonymous = staffRoute(photoImageRoute, deps(null));
    const response = await anonymous(new Request("http://portal.test/x"), {
      params: Promise.resolve({ id: itemId, photoId: passportPhoto.id }),
    });
    expect(response.status).toBe(401);
  });
});

describe.runIf(testDriver() === "postgres")("uploads at the same moment", () => {
  it("fifteen photos sent at once to a new piece: exactly twelve kept, the rest refused", async () => {
    const piece = await insertJewelryItem(db, { memberId, storeId: store.id });
    const statuses = await Promise.all(
      Array.from({ length: 15 }, () => upload(afterSales, { item: piece.id, body: jpeg }).then((r) => r.status)),
    );
    expect(statuses.filter((status) => status === 201)).toHaveLength(MAX_PHOTOS_PER_SET);
    expect(statuses.filter((status) => status === 409)).toHaveLength(15 - MAX_PHOTOS_PER_SET);
    expect(await itemPhotos(db, afterSales, piece.id)).toHaveLength(MAX_PHOTOS_PER_SET);
  });
});
