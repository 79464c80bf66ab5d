import { authorizeRequest } from "@/lib/auth/route-guard";
import { isAppError } from "@/lib/errors";
import { appendUploadPart, createUpload, UPLOAD_PART_MAX_BYTES } from "@/lib/members/import/storage";

export const dynamic = "force-dynamic";

const json = (body: unknown, status = 200) => Response.json(body, { status, headers: { "Cache-Control": "no-store" } });

/**
 * Receives an export in parts of at most 4 MiB (server actions take 1 MB and the proxy buffers
 * 10 MB, so a large file is sent part by part): `POST ?offset=N[&id=UPLOAD]` with the raw bytes;
 * the first part (no id) creates the upload. Same policy as the import actions: `members.import`.
 */
export async function POST(request: Request) {
  const { staff, denied } = await authorizeRequest("members.import");
  if (denied) return denied;
  // A custom header cannot be sent cross-site without a CORS preflight, which this route never grants.
  if (request.headers.get("x-atrium-upload") !== "1") return json({ error: "forbidden" }, 403);

  const url = new URL(request.url);
  const offset = Number(url.searchParams.get("offset") ?? "0");
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (!Number.isSafeInteger(offset) || offset < 0 || declared > UPLOAD_PART_MAX_BYTES) return json({ error: "importPartTooLarge" }, 413);
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.length > UPLOAD_PART_MAX_BYTES) return json({ error: "importPartTooLarge" }, 413);

  try {
    const uploadId = url.searchParams.get("id") ?? (await createUpload(staff.id, decodeURIComponent(request.headers.get("x-file-name") ?? "import.csv")));
    const received = await appendUploadPart(staff.id, uploadId, offset, bytes);
    return json({ uploadId, received });
  } catch (error) {
    if (isAppError(error)) {
      const status = { not_found: 404, conflict: 409, validation: 413 }[error.code as string] ?? 400;
      return json({ error: error.message === error.code ? error.code : error.message }, status);
    }
    console.error("member import upload failed:", error instanceof Error ? error.message : "unknown error");
    return json({ error: "internal" }, 500);
  }
}
