import { z } from "zod";
import { getDb, type Db } from "@/db/client";
import type { Actor } from "@/lib/audit/service";
import { authorize, type Permission } from "@/lib/auth/policy";
import { clientIp } from "@/lib/auth/request-ip";
import { AppError } from "@/lib/errors";
import { DEFAULT_LOCALE, isLocale, zodErrorMap, type Locale } from "@/lib/i18n/config";
import type { StaffAccount } from "@/lib/staff/principal";
import { readBodyBytes } from "./body";
import { ApiRequestError, jsonResponse, toErrorResult, zodFields } from "./errors";
import { queryObject, readJson, refuseNulCharacters } from "./route";

type MaybePromise<T> = T | Promise<T>;
type AnySchema = z.ZodType;

/** A body taken as raw bytes (an upload part), refused with 413 above `maxBytes`. */
export type BytesBody = { kind: "bytes"; maxBytes: number };
export function bytesBody(maxBytes: number): BytesBody {
  return { kind: "bytes", maxBytes };
}
function isBytesBody(spec: BodySpec): spec is BytesBody {
  return (spec as Partial<BytesBody>).kind === "bytes";
}

type BodySpec = AnySchema | BytesBody;
type Out<T> = T extends AnySchema ? z.output<T> : undefined;
type BodyOut<T> = T extends BytesBody ? Uint8Array : Out<T>;

/** What a staff route's handler receives: the caller, the database and the parsed request. */
export type StaffRouteContext<TParams, TQuery, TBody> = {
  request: Request;
  staff: StaffAccount;
  actor: Actor;
  db: Db;
  /** The staff member's language, for file contents and titles (`getTranslations({ locale, namespace })`). */
  locale: Locale;
  params: TParams;
  query: TQuery;
  body: TBody;
};

/**
 * How a route finds the store it acts on, checked against the staff member's stores before the
 * handler (the same idea as a use case's scope, see lib/actions/use-case.ts):
 * - a function returning that store's id (null: the request names no store, e.g. an empty filter);
 *   a store outside the scope is answered 404, so that its existence does not leak;
 * - `"global"`: not tied to a store (the caller's own uploads); the permission alone decides;
 * - `"in-run"`: the business function scopes its own query (a statement, a report of "my stores").
 */
export type StaffRouteScope<TParams, TQuery, TBody> =
  | ((context: {
      db: Db;
      staff: StaffAccount;
      params: TParams;
      query: TQuery;
      body: TBody;
    }) => MaybePromise<string | null | undefined>)
  | "global"
  | "in-run";

export type StaffRouteDefinition<
  TParams extends AnySchema | undefined,
  TQuery extends AnySchema | undefined,
  TBody extends BodySpec | undefined,
> = {
  permission: Permission;
  /** Route parameters; a value that does not parse is answered 404 (a malformed id names nothing), as in the API. */
  params?: TParams;
  /** Search parameters (a repeated name arrives as an array); a failure is 422 with `fields`. */
  query?: TQuery;
  /** A JSON body parsed by a zod schema (422 with `fields`), or `bytesBody(max)` for raw bytes. */
  body?: TBody;
  scope: StaffRouteScope<Out<TParams>, Out<TQuery>, BodyOut<TBody>>;
  /** Returns the response (see `download`); anything it throws is answered with the error envelope. */
  handler(context: StaffRouteContext<Out<TParams>, Out<TQuery>, BodyOut<TBody>>): Promise<Response>;
};

/** Where the wrapper gets the session, the database and the language; tests pass their own. */
export type StaffRouteDeps = {
  currentStaff: () => Promise<StaffAccount | null>;
  db: () => Db;
  locale: () => Promise<Locale>;
};

// Imported on first use: next-auth and next-intl's request APIs need a Next.js request, and the
// wrapper's own tests run without one.
const requestDeps: StaffRouteDeps = {
  currentStaff: async () => (await import("@/lib/auth/session")).getCurrentStaff(),
  db: getDb,
  locale: async () => {
    const { getLocale } = await import("next-intl/server");
    const locale = await getLocale().catch(() => DEFAULT_LOCALE);
    return isLocale(locale) ? locale : DEFAULT_LOCALE;
  },
};

type RouteContext = { params?: Promise<Record<string, string | string[] | undefined>> };

function parse<T extends AnySchema | undefined>(
  schema: T,
  value: unknown,
  locale: Locale,
  fail: (error: z.ZodError) => Error,
  root?: string,
): Out<T> {
  if (!schema) return undefined as Out<T>;
  if (root) refuseNulCharacters(value, root, (key) => key);
  const parsed = schema.safeParse(value, { error: zodErrorMap(locale) });
  if (!parsed.success) throw fail(parsed.error);
  return parsed.data as Out<T>;
}

/**
 * A route handler behind the staff session (downloads, uploads), in this order: a request a browser
 * marks `Sec-Fetch-Site: cross-site` (403) → session (401; 403 while a password change is pending,
 * except for `account.manage`) → permission (403) → route parameters (404) → query and body (422 with `fields`; a NUL character anywhere too) → store scope (404) → handler. Every
 * failure, thrown anywhere, is answered with the API's envelope `{"error":{"code","message","fields"}}`;
 * an unexpected one is a 500 that says nothing of the internals. `fields` hold message keys of the
 * `validation` catalogue or zod's messages in the staff member's language.
 */
export function staffRoute<
  TParams extends AnySchema | undefined = undefined,
  TQuery extends AnySchema | undefined = undefined,
  TBody extends BodySpec | undefined = undefined,
>(definition: StaffRouteDefinition<TParams, TQuery, TBody>, deps: StaffRouteDeps = requestDeps) {
  return async function handler(request: Request, context?: RouteContext): Promise<Response> {
    try {
      // Downloads audit what they hand out: another site's link or image must not set one off with
      // the staff member's cookie. Clients that send no Sec-Fetch-Site (scripts, old browsers) pass.
      if (request.headers.get("sec-fetch-site")?.trim().toLowerCase() === "cross-site") throw new AppError("forbidden");
      const staff = await deps.currentStaff();
      if (!staff) throw new AppError("unauthenticated");
      if (staff.mustChangePassword && definition.permission !== "account.manage") throw new AppError("forbidden");
      authorize(staff, definition.permission);

      const locale = await deps.locale();
      const params = parse(
        definition.params as TParams,
        (await context?.params) ?? {},
        locale,
        () => new ApiRequestError(404, "not_found"),
      );
      const query = parse(
        definition.query as TQuery,
        queryObject(new URL(request.url)),
        locale,
        (error) => new ApiRequestError(422, "validation", undefined, {}, zodFields(error, "query")),
        "query",
      );
      const spec = definition.body;
      let body: unknown;
      if (spec && isBytesBody(spec)) body = await readBodyBytes(request, spec.maxBytes);
      else if (spec)
        body = parse(
          spec,
          await readJson(request),
          locale,
          (error) => new ApiRequestError(422, "validation", undefined, {}, zodFields(error)),
          "body",
        );
      const parsed = { params, query, body: body as BodyOut<TBody> };

      const db = deps.db();
      if (typeof definition.scope === "function") {
        const storeId = await definition.scope({ db, staff, ...parsed });
        if (storeId) authorize(staff, definition.permission, { storeId });
      }
      const actor: Actor = { staffId: staff.id, username: staff.username, ip: clientIp(request.headers) };
      return await definition.handler({ request, staff, actor, db, locale, ...parsed });
    } catch (error) {
      const failure = toErrorResult(error);
      return jsonResponse(failure.status, failure.body, failure.headers);
    }
  };
}

/**
 * A file download that no cache keeps. `asciiFilename` is the plain `filename` for old clients when
 * `filename` has other characters (sent then as RFC 5987 `filename*`).
 */
export function download(
  body: BodyInit,
  options: { contentType: string; filename: string; asciiFilename?: string; headers?: Record<string, string> },
): Response {
  const disposition = options.asciiFilename
    ? `attachment; filename="${options.asciiFilename}"; filename*=UTF-8''${encodeURIComponent(options.filename)}`
    : `attachment; filename="${options.filename}"`;
  return new Response(body, {
    headers: {
      "Cache-Control": "no-store",
      "Content-Type": options.contentType,
      "Content-Disposition": disposition,
      ...options.headers,
    },
  });
}
