import { createHash } from "node:crypto";
import sharp, { type Metadata } from "sharp";
import { AppError } from "@/lib/errors";

/**
 * Checks an uploaded image by its content, never by its file name or declared type: the bytes must
 * decode completely as JPEG, PNG or WebP, within a size and a pixel limit (a small file can declare
 * 100,000 × 100,000 pixels and exhaust memory when decoded: a decompression bomb). Returns the
 * original bytes with the content type they really have, a WebP thumbnail, the oriented size and
 * the SHA-256. Generic infrastructure: no domain imports, any domain may take photos or
 * attachments through it. Failures are 422s with a field message of the `validation` catalogue.
 */

export const IMAGE_MAX_BYTES = 8 * 1024 * 1024;
/** 40 megapixels: above any phone or tablet camera in a store, far below what exhausts a server. */
export const IMAGE_MAX_PIXELS = 40_000_000;
/** The longer side of a thumbnail, in pixels. */
export const THUMBNAIL_SIZE = 320;

export const IMAGE_CONTENT_TYPES = {
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
} as const;
export type ImageContentType = (typeof IMAGE_CONTENT_TYPES)[keyof typeof IMAGE_CONTENT_TYPES];
export const THUMBNAIL_CONTENT_TYPE = "image/webp";

/** Field message keys (the `validation` catalogue) an image check fails with. */
export type ImageProblem =
  "imageEmpty" | "imageTooLarge" | "imageUnsupported" | "imageUnreadable" | "imageTooManyPixels";

export type CheckedImage = {
  contentType: ImageContentType;
  bytes: Buffer;
  sizeBytes: number;
  /** As displayed (EXIF orientation applied). */
  width: number;
  height: number;
  sha256: string;
  thumbnail: Buffer;
  thumbnailContentType: typeof THUMBNAIL_CONTENT_TYPE;
};

export type ImageCheckOptions = {
  /** The field the message goes to (the form's file input). */
  field?: string;
  maxBytes?: number;
  maxPixels?: number;
  thumbnailSize?: number;
};

function refuse(field: string, problem: ImageProblem): AppError {
  return new AppError("validation", { fieldErrors: { [field]: [problem] } });
}

function isImageFormat(format: string | undefined): format is keyof typeof IMAGE_CONTENT_TYPES {
  return format !== undefined && Object.hasOwn(IMAGE_CONTENT_TYPES, format);
}

/**
 * The format the first bytes announce (JPEG SOI, PNG signature, RIFF/WEBP), or null. Checked before
 * any decoder runs, so that libvips never parses SVG, TIFF, HEIF, PDF or anything else it could.
 */
export function sniffImageFormat(bytes: Uint8Array): keyof typeof IMAGE_CONTENT_TYPES | null {
  const at = (offset: number, ...expected: number[]) => expected.every((byte, i) => bytes[offset + i] === byte);
  if (at(0, 0xff, 0xd8, 0xff)) return "jpeg";
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "png";
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return "webp";
  return null;
}

/** The image's oriented size; EXIF orientations 5–8 swap width and height. */
function orientedSize(metadata: Metadata): { width: number; height: number } {
  const width = metadata.width ?? 0;
  const height = metadata.height ?? 0;
  return (metadata.orientation ?? 1) >= 5 ? { width: height, height: width } : { width, height };
}

export async function checkImageUpload(input: Uint8Array, options: ImageCheckOptions = {}): Promise<CheckedImage> {
  const field = options.field ?? "file";
  const maxBytes = options.maxBytes ?? IMAGE_MAX_BYTES;
  const maxPixels = options.maxPixels ?? IMAGE_MAX_PIXELS;
  if (input.byteLength === 0) throw refuse(field, "imageEmpty");
  if (input.byteLength > maxBytes) throw refuse(field, "imageTooLarge");
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const announced = sniffImageFormat(bytes);
  if (!announced) throw refuse(field, "imageUnsupported");

  let metadata: Metadata;
  try {
    // The header only: what the bytes are (not what the name says) and how many pixels they claim.
    metadata = await sharp(bytes, { limitInputPixels: maxPixels }).metadata();
  } catch (error) {
    if (error instanceof Error && /pixel limit/i.test(error.message)) throw refuse(field, "imageTooManyPixels");
    if (error instanceof Error && /unsupported image format/i.test(error.message)) {
      throw refuse(field, "imageUnsupported");
    }
    throw refuse(field, "imageUnreadable");
  }
  // The decoder must agree with the signature (a PNG header on a JPEG body is not an image we keep).
  if (!isImageFormat(metadata.format) || metadata.format !== announced) throw refuse(field, "imageUnsupported");
  const { width, height } = orientedSize(metadata);
  if (width <= 0 || height <= 0) throw refuse(field, "imageUnreadable");
  if (width * height > maxPixels) throw refuse(field, "imageTooManyPixels");

  let thumbnail: Buffer;
  try {
    // Decoding every pixel (failOn "warning": a truncated or corrupt file is refused, not half-drawn)
    // is the check that the whole file is an image; the thumbnail comes out of the same pass.
    const size = options.thumbnailSize ?? THUMBNAIL_SIZE;
    thumbnail = await sharp(bytes, { limitInputPixels: maxPixels, failOn: "warning" })
      .autoOrient()
      .resize({ width: size, height: size, fit: "inside", withoutEnlargement: true })
      .webp({ quality: 78 })
      .toBuffer();
  } catch (error) {
    if (error instanceof Error && /pixel limit/i.test(error.message)) throw refuse(field, "imageTooManyPixels");
    throw refuse(field, "imageUnreadable");
  }

  return {
    contentType: IMAGE_CONTENT_TYPES[metadata.format],
    bytes,
    sizeBytes: bytes.byteLength,
    width,
    height,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    thumbnail,
    thumbnailContentType: THUMBNAIL_CONTENT_TYPE,
  };
}

/** The headers of an image served back from storage: its checked type, never sniffed, never cached shared. */
export function imageResponseHeaders(contentType: string, sizeBytes: number): Record<string, string> {
  return {
    "Content-Type": contentType,
    "Content-Length": String(sizeBytes),
    "Cache-Control": "private, max-age=3600",
    "X-Content-Type-Options": "nosniff",
    // Opened on its own, the image may not run or load anything (it is only ever an image).
    "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Content-Disposition": "inline",
  };
}
