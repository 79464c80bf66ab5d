import { buildOpenApiDocument } from "@/lib/api/openapi";

/** Public: the document describes the API, it grants nothing. Built once per process. */
let document: ReturnType<typeof buildOpenApiDocument> | undefined;

export function GET(): Response {
  document ??= buildOpenApiDocument();
  return Response.json(document, { headers: { "Cache-Control": "public, max-age=300" } });
}
