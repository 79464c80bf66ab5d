import { uploadFile } from "@/components/form/upload-file";
import { IMAGE_MAX_BYTES_CLIENT } from "./upload-limits";

/**
 * Sends one photo to the upload route (lib/after-sales/photos/routes.ts). The server checks the
 * image by its content; this only spares a round trip for a file that is obviously too large.
 * Resolves to the field message key of the failure (a key of the `validation` catalogue when the
 * server gives one).
 */
export async function uploadPhoto(href: string, file: File): Promise<{ ok: true } | { ok: false; reason: string }> {
  if (file.size > IMAGE_MAX_BYTES_CLIENT) return { ok: false, reason: "imageTooLarge" };
  const outcome = await uploadFile(href, file);
  if (outcome.ok) return { ok: true };
  const reason =
    outcome.fieldError ??
    (outcome.code === "payload_too_large" ? "imageTooLarge" : outcome.status === 409 ? "photoRefused" : "uploadFailed");
  return { ok: false, reason };
}
