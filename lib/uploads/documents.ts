import { createHash } from "node:crypto";
import { AppError } from "@/lib/errors";
import { checkImageUpload, sniffImageFormat, type CheckedImage } from "./images";

/**
 * Attachments that are either an image (checked by ./images.ts, with a thumbnail) or a PDF,
 * recognised by their first bytes, never by name or declared type. A PDF is not parsed: it is only
 * ever served back as a download (`Content-Disposition: attachment`, nosniff, a sandboxing CSP),
 * so it never renders inside the portal's origin. Generic infrastructure: no domain imports.
 */

export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const PDF_CONTENT_TYPE = "application/pdf";

export type CheckedPdf = { contentType: typeof PDF_CONTENT_TYPE; bytes: Buffer; sizeBytes: number; sha256: string };
export type CheckedAttachment = CheckedImage | CheckedPdf;

/** Field message keys (the `validation` catalogue) beside those of ./images.ts. */
export type AttachmentProblem =
  "attachmentEmpty" | "attachmentTooLarge" | "attachmentUnsupported" | "attachmentUnreadable";

function refuse(field: string, problem: AttachmentProblem): AppError {
  return new AppError("validation", { fieldErrors: { [field]: [problem] } });
}

const PDF_HEADER = Buffer.from("%PDF-");
const PDF_TRAILER = Buffer.from("%%EOF");

/** A PDF starts with %PDF-1.x or %PDF-2.x and ends (give or take whitespace) with %%EOF. */
function looksLikePdf(bytes: Buffer): "pdf" | "truncated" | null {
  if (!bytes.subarray(0, PDF_HEADER.length).equals(PDF_HEADER)) return null;
  if (!/^%PDF-[12]\.\d/.test(bytes.subarray(0, 8).toString("latin1"))) return null;
  const tail = bytes.subarray(Math.max(0, bytes.length - 1024));
  return tail.includes(PDF_TRAILER) ? "pdf" : "truncated";
}

export async function checkAttachmentUpload(
  input: Uint8Array,
  options: { field?: string; maxBytes?: number } = {},
): Promise<CheckedAttachment> {
  const field = options.field ?? "file";
  const maxBytes = options.maxBytes ?? ATTACHMENT_MAX_BYTES;
  if (input.byteLength === 0) throw refuse(field, "attachmentEmpty");
  if (input.byteLength > maxBytes) throw refuse(field, "attachmentTooLarge");
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (sniffImageFormat(bytes)) return checkImageUpload(bytes, { field, maxBytes });
  const pdf = looksLikePdf(bytes);
  if (pdf === "truncated") throw refuse(field, "attachmentUnreadable");
  if (pdf !== "pdf") throw refuse(field, "attachmentUnsupported");
  return {
    contentType: PDF_CONTENT_TYPE,
    bytes,
    sizeBytes: bytes.byteLength,
    sha256: createHash("sha256").update(bytes).digest("hex"),
  };
}

export function isCheckedImage(file: CheckedAttachment): file is CheckedImage {
  return "thumbnail" in file;
}

/**
 * A name to show and to offer as the download name: no path, no control characters (NUL
 * included), no quotes that could break a header, at most 120 characters; empty becomes "file".
 */
export function cleanFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? "";
  const cleaned = [
    ...base
      .normalize("NFC")
      .replace(/[\u0000-\u001f\u007f"<>|*?:]/g, "")
      .trim(),
  ]
    .slice(0, 120)
    .join("");
  return cleaned.replace(/^\.+/, "") || "file";
}
