import { z } from "zod";
import { ApiRequestError } from "@/lib/api/errors";
import { bytesBody, staffRoute } from "@/lib/api/staff-route";
import { AppError, isAppError } from "@/lib/errors";
import { appendUploadPart, createUpload, UPLOAD_PART_MAX_BYTES } from "@/lib/members/import/storage";

export const dynamic = "force-dynamic";

/**
 * The file's name from the `x-file-name` header (percent-encoded by the wizard), shown back to staff
 * in the preview. A malformed escape (`%E0%A4%A`) or a control character (NUL too, as in any input) is a 422.
 */
function fileName(header: string | null): string {
  if (header === null) return "import.csv";
  let name: string | null;
  try {
    name = decodeURIComponent(header);
  } catch {
    name = null;
  }
  if (name === null || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new ApiRequestError(
      422,
      "validation",
      "The file name is not readable.",
      {},
      { file: ["importFileNameInvalid"] },
    );
  }
  return name;
}

/**
 * Receives an export in parts of at most 4 MiB (server actions take 1 MB and the proxy buffers
 * 10 MB, so a large file is sent part by part): `POST ?offset=N[&id=UPLOAD]` with the raw bytes;
 * the first part (no id) creates the upload. Same policy as the import actions: `members.import`.
 * A part over 4 MiB or a file over 64 MB is 413 (the file's with `fields.file: ["importFileTooLarge"]`); an
 * unreadable `x-file-name` is 422 (`fields.file: ["importFileNameInvalid"]`).
 */
export const POST = staffRoute({
  permission: "members.import",
  query: z.object({ offset: z.coerce.number().int().min(0).default(0), id: z.string().optional() }),
  body: bytesBody(UPLOAD_PART_MAX_BYTES),
  // Uploads belong to the staff member who sent them, not to a store.
  scope: "global",
  async handler({ request, staff, query, body }) {
    // A custom header cannot be sent cross-site without a CORS preflight, which this route never grants.
    if (request.headers.get("x-atrium-upload") !== "1") throw new AppError("forbidden");
    const uploadId = query.id ?? (await createUpload(staff.id, fileName(request.headers.get("x-file-name"))));
    try {
      const received = await appendUploadPart(staff.id, uploadId, query.offset, body);
      return Response.json({ uploadId, received }, { headers: { "Cache-Control": "no-store" } });
    } catch (error) {
      if (isAppError(error) && error.messageKey === "importFileTooLarge") {
        throw new ApiRequestError(
          413,
          "validation",
          "The file is larger than 64 MB.",
          {},
          { file: ["importFileTooLarge"] },
        );
      }
      throw error;
    }
  },
});
