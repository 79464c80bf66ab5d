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
import type { ActionResult } from "./result";
import { executeUseCase, type UseCase } from "./use-case";

/**
 * Turns a use case into a server action: the session, the caller's address and the database come
 * from the request; the use case does the rest (see use-case.ts); then the pages it changed are
 * revalidated. Never throws to the client.
 */
export function defineAction<TSchema extends z.ZodType, TOutput>(definition: UseCase<TSchema, TOutput>) {
  return async function action(raw: z.input<TSchema>): Promise<ActionResult<TOutput>> {
    try {
      const locale = await getLocale().catch(() => DEFAULT_LOCALE);
      const { input, output } = await executeUseCase(
        definition,
        {
          staff: await getCurrentStaff(),
          actor: { ip: clientIp(await headers()) },
          db: getDb(),
          errorMap: zodErrorMap(isLocale(locale) ? locale : DEFAULT_LOCALE),
        },
        raw,
      );
      await definition.afterCommit?.(input, output);
      for (const path of definition.revalidate?.(input, output) ?? []) revalidatePath(path);
      return { ok: true, data: output };
    } catch (error) {
      unstable_rethrow(error);
      return actionFailure(error);
    }
  };
}

/** A thrown error as the failure result the client gets: code, message in the staff member's language, fields, details. */
export async function actionFailure(error: unknown): Promise<ActionResult<never>> {
  let code: ErrorCode = "internal";
  let fieldErrors: Record<string, string[]> | undefined;
  let details: Record<string, unknown> | undefined;
  if (isAppError(error)) {
    code = error.code;
    fieldErrors = error.fieldErrors;
    details = error.details;
  } else if (sqlState(error) === "23505") {
    code = "conflict";
  } else {
    console.error("server action failed:", error instanceof Error ? error.message : "unknown error");
  }
  const t = await getTranslations("errors");
  const messageKey = isAppError(error) ? error.messageKey : undefined;
  const message = messageKey && t.has(messageKey) ? t(messageKey) : t(code);
  return { ok: false, code, message, fieldErrors, ...(details ? { details } : {}) };
}
