/**
 * A request body sent as a stream, with no Content-Length, of `total` bytes in `chunkSize` chunks;
 * `pulled()` says how many bytes the reader took, so a test can tell that a limit stopped it early.
 */
export function countingBody(total: number, chunkSize = 64 * 1024) {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled >= total) return controller.close();
        const size = Math.min(chunkSize, total - pulled);
        pulled += size;
        controller.enqueue(new Uint8Array(size).fill(0x20)); // spaces: valid JSON padding
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => pulled };
}

/** A POST with a streamed body (Node's fetch needs `duplex: "half"` for one). */
export function streamedPost(url: string, body: ReadableStream<Uint8Array>, headers: HeadersInit = {}): Request {
  return new Request(url, { method: "POST", headers, body, duplex: "half" } as RequestInit);
}
