import { createHash } from "node:crypto";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { checkImageUpload, IMAGE_MAX_BYTES, imageResponseHeaders, sniffImageFormat } from "./images";

// Real images, made by sharp here: a noisy picture (so JPEG has something to compress) of a size.
function noise(width: number, height: number): Buffer {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7919 + (i >> 5)) % 251;
  return pixels;
}
const raw = (width: number, height: number) => sharp(noise(width, height), { raw: { width, height, channels: 3 } });

async function refusal(input: Uint8Array, options?: Parameters<typeof checkImageUpload>[1]) {
  const error = await checkImageUpload(input, options).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe("validation");
  return (error as AppError).fieldErrors;
}

describe("checkImageUpload", () => {
  it("keeps a JPEG as it came, with its type, size, SHA-256 and a WebP thumbnail of at most 320 px", async () => {
    const jpeg = await raw(800, 600).jpeg().toBuffer();
    const checked = await checkImageUpload(jpeg);
    expect(checked.contentType).toBe("image/jpeg");
    expect(checked.bytes.equals(jpeg)).toBe(true);
    expect(checked.sizeBytes).toBe(jpeg.length);
    expect([checked.width, checked.height]).toEqual([800, 600]);
    expect(checked.sha256).toBe(createHash("sha256").update(jpeg).digest("hex"));
    const thumbnail = await sharp(checked.thumbnail).metadata();
    expect(thumbnail.format).toBe("webp");
    expect([thumbnail.width, thumbnail.height]).toEqual([320, 240]);
    expect(checked.thumbnailContentType).toBe("image/webp");
  });

  it("takes PNG and WebP by their content, and does not enlarge a small picture", async () => {
    const png = await raw(40, 30).png().toBuffer();
    const webp = await raw(30, 40).webp().toBuffer();
    expect((await checkImageUpload(png)).contentType).toBe("image/png");
    const checked = await checkImageUpload(webp);
    expect(checked.contentType).toBe("image/webp");
    const thumbnail = await sharp(checked.thumbnail).metadata();
    expect([thumbnail.width, thumbnail.height]).toEqual([30, 40]);
  });

  it("applies the EXIF orientation: a portrait photo stored sideways is portrait", async () => {
    const sideways = await raw(400, 200).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const checked = await checkImageUpload(sideways);
    expect([checked.width, checked.height]).toEqual([200, 400]);
    const thumbnail = await sharp(checked.thumbnail).metadata();
    expect([thumbnail.width, thumbnail.height]).toEqual([160, 320]);
  });

  it("refuses an empty file", async () => {
    expect(await refusal(new Uint8Array(0))).toEqual({ file: ["imageEmpty"] });
  });

  it("refuses a file over the size limit before decoding it, on the field it is told", async () => {
    const jpeg = await raw(200, 150).jpeg().toBuffer();
    expect(await refusal(jpeg, { maxBytes: jpeg.length - 1, field: "photo" })).toEqual({ photo: ["imageTooLarge"] });
    expect(await refusal(new Uint8Array(IMAGE_MAX_BYTES + 1))).toEqual({ file: ["imageTooLarge"] });
  });

  it("refuses a text file named .jpg (the name and declared type are never looked at)", async () => {
    expect(await refusal(Buffer.from("这不是图片 — just text pretending to be photo.jpg\n"))).toEqual({
      file: ["imageUnsupported"],
    });
  });

  it("refuses a GIF, an SVG and a TIFF, which are images but not ones kept", async () => {
    const gif = await raw(20, 20).gif().toBuffer();
    const tiff = await raw(20, 20).tiff().toBuffer();
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>',
    );
    for (const file of [gif, tiff, svg]) expect(await refusal(file)).toEqual({ file: ["imageUnsupported"] });
  });

  it("refuses a truncated JPEG whose header still reads", async () => {
    const jpeg = await raw(400, 300).jpeg().toBuffer();
    const truncated = jpeg.subarray(0, Math.floor(jpeg.length * 0.8));
    expect((await sharp(truncated).metadata()).format).toBe("jpeg"); // the header alone would pass
    expect(await refusal(truncated)).toEqual({ file: ["imageUnreadable"] });
  });

  it("refuses a JPEG signature on something that is not a JPEG", async () => {
    const png = await raw(20, 20).png().toBuffer();
    const forged = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), png]);
    expect(await refusal(forged)).toEqual({ file: ["imageUnreadable"] });
  });

  it("refuses a decompression bomb: a small PNG that declares more pixels than the limit", async () => {
    const bomb = await sharp({ create: { width: 8000, height: 6000, channels: 3, background: "#000" } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(await refusal(bomb, { maxPixels: 40_000_000 })).toEqual({ file: ["imageTooManyPixels"] });
    expect(await refusal(await raw(100, 100).png().toBuffer(), { maxPixels: 9_999 })).toEqual({
      file: ["imageTooManyPixels"],
    });
  });
});

describe("sniffImageFormat", () => {
  it("reads the signatures of JPEG, PNG and WebP only", async () => {
    expect(sniffImageFormat(await raw(4, 4).jpeg().toBuffer())).toBe("jpeg");
    expect(sniffImageFormat(await raw(4, 4).png().toBuffer())).toBe("png");
    expect(sniffImageFormat(await raw(4, 4).webp().toBuffer())).toBe("webp");
    expect(sniffImageFormat(Buffer.from("RIFF0000WAVE"))).toBeNull();
    expect(sniffImageFormat(new Uint8Array([0xff, 0xd8]))).toBeNull();
  });
});

describe("imageResponseHeaders", () => {
  it("serve the checked type, private, unsniffed", () => {
    const headers = imageResponseHeaders("image/png", 123);
    expect(headers["Content-Type"]).toBe("image/png");
    expect(headers["Content-Length"]).toBe("123");
    expect(headers["Cache-Control"]).toMatch(/^private\b/);
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
  });
});
