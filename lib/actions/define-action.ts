import "server-only";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import type { z } from "zod";
import { getDb } from "@/db/client";
import { clientIp } from "@/lib/auth/request-ip";
import { getCurrentStaff } from "@/lib/auth/session";
import { isAppError, sqlState, type ErrorCode } from "@/lib/errors";
import { DEFAULT_LOCALE, isLocale, zodErrorMap } from "@/lib/i18n/config";
import { executeAction, type ActionDefinition } from "./execute";
import type { ActionResult } from "./result";

export type { ActionContext } from "./execute";

/**
 * The one way to write a server action: session → permission → input validation → store scope →
 * transaction (the business function writes the audit log inside it). A definition without a
 * permission or a zod schema does not compile. Never throws to the client.
 */
export function defineAction<TSchema extends z.ZodType, TOutput>(definition: ActionDefinition<TSchema, TOutput>) {
  return async function action(raw: z.input<TSchema>): Promise<ActionResult<TOutput>> {
    try {
      const locale = await getLocale().catch(() => DEFAULT_LOCALE);
      const data = await executeAction(
        definition,
        {
          staff: await getCurrentStaff(),
          actor: { ip: clientIp(await headers()) },
          db: getDb(),
          errorMap: zodErrorMap(isLocale(locale) ? locale : DEFAULT_LOCALE),
        },
        raw,
      );
      for (const path of definition.revalidate ?? []) revalidatePath(path);
      return { ok: true, data };
    } catch (error) {
      unstable_rethrow(error);
      return failure(error);
    }
  };
}

async function failure(error: unknown): Promise<ActionResult<never>> {
  let code: ErrorCode = "internal";
  let fieldErrors: Record<string, string[]> | undefined;
  if (isAppError(error)) {
    code = error.code;
    fieldErrors = error.fieldErrors;
  } else if (sqlState(error) === "23505") {
    code = "conflict";
  } else {
    console.error("server action failed:", error instanceof Error ? error.message : "unknown error");
  }
  const t = await getTranslations("errors");
  const detail = isAppError(error) && error.message !== error.code ? error.message : undefined;
  const message = detail && t.has(detail) ? t(detail) : t(code);
  return { ok: false, code, message, fieldErrors };
}
