/**
 * Sends one file's bytes to a staff upload route (lib/api/staff-route.ts `bytesBody`) and reads the
 * error envelope. The `x-atrium-upload` header is what the routes require: a cross-site form cannot
 * send it without a CORS preflight, which they never grant.
 */
export type UploadOutcome<T> =
  | { ok: true; data: T }
  | { ok: false; status: number; code: string; fieldError: string | null; message: string | null };

export async function uploadFile<T>(url: string, file: Blob): Promise<UploadOutcome<T>> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/octet-stream", "x-atrium-upload": "1" },
      body: file,
    });
    const body = (await response.json().catch(() => ({}))) as {
      error?: { code?: string; message?: string; fields?: Record<string, string[]> };
    } & T;
    if (response.ok) return { ok: true, data: body };
    const fieldError = Object.values(body.error?.fields ?? {})[0]?.[0] ?? null;
    // 413: the route stopped reading at its limit before any check ran.
    const code = response.status === 413 ? "payload_too_large" : (body.error?.code ?? "internal");
    return { ok: false, status: response.status, code, fieldError, message: body.error?.message ?? null };
  } catch {
    return { ok: false, status: 0, code: "network", fieldError: null, message: null };
  }
}
