import "server-only";
import { revalidatePath } from "next/cache";
import { unstable_rethrow } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { getDb, type Db } from "@/db/client";
import type { Actor } from "@/lib/audit/service";
import { authorize, type Permission } from "@/lib/auth/policy";
import { currentActor, getCurrentStaff } from "@/lib/auth/session";
import { AppError, isAppError, sqlState, type ErrorCode } from "@/lib/errors";
import { isLocale, zodErrorMap, DEFAULT_LOCALE } from "@/lib/i18n/config";
import type { StaffAccount } from "@/lib/staff/principal";
import type { ActionResult } from "./result";

export type ActionContext<TInput> = {
  staff: StaffAccount;
  actor: Actor;
  input: TInput;
  /** The transaction this action runs in: every write of the use case commits or none does. */
  db: Db;
};

type ActionDefinition<TSchema extends z.ZodType, TOutput> = {
  /** Required: the policy permission the caller must hold. */
  permission: Permission;
  /** Required: the zod schema that parses the raw input (the same one the form uses). */
  input: TSchema;
  /** The store the input acts on, checked against the staff member's stores before anything runs. */
  storeId?: (input: z.output<TSchema>) => string | null | undefined;
  /** Business function call; it writes its own audit entries through the actor it is given. */
  run: (ctx: ActionContext<z.output<TSchema>>) => Promise<TOutput>;
  /** Paths whose server-rendered data this action changes. */
  revalidate?: string[];
};

/**
 * The one way to write a server action: session → permission → input validation → store scope →
 * transaction (the business function writes the audit log inside it). Never throws to the client.
 */
export function defineAction<TSchema extends z.ZodType, TOutput>(definition: ActionDefinition<TSchema, TOutput>) {
  return async function action(raw: z.input<TSchema>): Promise<ActionResult<TOutput>> {
    try {
      const staff = await getCurrentStaff();
      if (!staff) throw new AppError("unauthenticated");
      if (staff.mustChangePassword && definition.permission !== "account.manage") throw new AppError("forbidden");
      authorize(staff, definition.permission);

      const locale = await getLocale().catch(() => DEFAULT_LOCALE);
      const parsed = definition.input.safeParse(raw, {
        error: zodErrorMap(isLocale(locale) ? locale : DEFAULT_LOCALE),
      });
      if (!parsed.success) {
        throw new AppError("validation", undefined, z.flattenError(parsed.error).fieldErrors as Record<string, string[]>);
      }
      const input = parsed.data as z.output<TSchema>;

      const storeId = definition.storeId?.(input);
      if (storeId) authorize(staff, definition.permission, { storeId });

      const actor = await currentActor(staff);
      const data = await getDb().transaction((tx) => definition.run({ staff, actor, input, db: tx as unknown as Db }));
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
    console.error("server action failed", error instanceof Error ? error.message : error);
  }
  const t = await getTranslations("errors");
  const detail = isAppError(error) && error.message !== error.code ? error.message : undefined;
  const message = detail && t.has(detail) ? t(detail) : t(code);
  return { ok: false, code, message, fieldErrors };
}
