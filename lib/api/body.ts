import { ApiRequestError } from "./errors";

/**
 * Limit on a JSON body of the POS API and of staff routes. The largest legitimate body is a
 * purchase of 500 lines (lib/loyalty/purchases/schemas.ts): at most about 1 MB even with every
 * character of sku, name and category written as a six-byte `\uXXXX` escape, about half that as
 * plain UTF-8. 2 MiB leaves room for that; anything larger is not a POS request.
 */
export const JSON_BODY_MAX_BYTES = 2 * 1024 * 1024;

/**
 * The body's bytes, read as a stream and abandoned (413 in the error envelope) as soon as more
 * than `maxBytes` have arrived, so that an oversized or endless body is never held in memory.
 */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = () => new ApiRequestError(413, "validation", `The request body is larger than ${maxBytes} bytes.`);
  // Refused before reading when the client says so; the stream is counted either way.
  if (Number(request.headers.get("content-length") ?? "0") > maxBytes) throw tooLarge();
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > maxBytes) {
      // Tells the source to stop; the rest is never pulled.
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
