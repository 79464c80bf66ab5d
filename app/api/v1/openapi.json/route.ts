import { buildOpenApiDocument } from "@/lib/api/openapi";
import { LOYALTY_API_ROUTES, LOYALTY_API_SCHEMAS } from "@/lib/loyalty/api";

/** Public: the document describes the API, it grants nothing. Built once per process. */
let document: ReturnType<typeof buildOpenApiDocument> | undefined;

export function GET(): Response {
  document ??= buildOpenApiDocument(LOYALTY_API_ROUTES, { sharedSchemas: LOYALTY_API_SCHEMAS });
  return Response.json(document, { headers: { "Cache-Control": "public, max-age=300" } });
}
