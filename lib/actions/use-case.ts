import { z } from "zod";
import type { Db } from "@/db/client";
import type { Actor } from "@/lib/audit/service";
import { authorize, type Permission } from "@/lib/auth/policy";
import { AppError, isAppError, sqlState } from "@/lib/errors";
import { nulByteFieldErrors } from "@/lib/nul-bytes";
import type { StaffAccount } from "@/lib/staff/principal";

type MaybePromise<T> = T | Promise<T>;

export type UseCaseContext<TInput> = {
  staff: StaffAccount;
  actor: Actor;
  input: TInput;
  /** The transaction this use case runs in: every write commits or none does. */
  db: Db;
};

/**
 * How a use case finds the store it acts on, checked against the staff member's stores before `run`:
 * - a function returning that store's id (it may throw `not_found` itself, e.g. for a member outside
 *   the staff member's scope, so that another store's record is "not found", not "forbidden");
 *   returning null means the input names no store (an optional filter left empty);
 * - `"global"`: the use case is not tied to a store (programme settings, the caller's own account);
 *   the permission alone decides;
 * - `"in-run"`: the business function checks scope itself on the rows it locks (it needs them
 *   locked anyway, so a separate look-up would only add a round trip).
 */
export type UseCaseScope<TInput> =
  | ((context: { db: Db; staff: StaffAccount; input: TInput }) => MaybePromise<string | null | undefined>)
  | "global"
  | "in-run";

/**
 * One write of the portal, as data: the permission it needs, the zod schema of its input, how it
 * finds its store, what it changes on screen and the business call. `defineAction` turns it into a
 * server action; tests run it through `runAs`. Leaving out a step does not compile.
 */
export type UseCase<TSchema extends z.ZodType, TOutput> = {
  permission: Permission;
  input: TSchema;
  scope: UseCaseScope<z.output<TSchema>>;
  /** Paths whose server-rendered data this use case changes (the output is there for ids it creates). */
  revalidate?: (input: z.output<TSchema>, output: TOutput) => string[];
  /**
   * Effects on the request once the transaction has committed (a cookie): run by the server action
   * only, so keep business state out of it.
   */
  afterCommit?: (input: z.output<TSchema>, output: TOutput) => Promise<void>;
  /** The business call; it writes its own audit entries through the actor it is given. */
  run: (context: UseCaseContext<z.output<TSchema>>) => Promise<TOutput>;
  /**
   * How many times the whole transaction (scope and run) is run again after a serialization failure
   * or a deadlock (SQLSTATE 40001, 40P01), which PostgreSQL reports for work that would have
   * succeeded alone. Default 0; nothing else is retried. `run` must be safe to repeat: everything
   * it wrote was rolled back.
   */
  retries?: number;
};

/** SQLSTATEs after which running the same transaction again may succeed: serialization failure, deadlock. */
export const RETRYABLE_SQLSTATES: ReadonlySet<string> = new Set(["40001", "40P01"]);

/** Declares a use case (an identity function: it is there for type inference and for grep). */
export function defineUseCase<TSchema extends z.ZodType, TOutput>(
  definition: UseCase<TSchema, TOutput>,
): UseCase<TSchema, TOutput> {
  return definition;
}

export type ExecutionContext = {
  staff: StaffAccount | null;
  actor: Omit<Actor, "staffId" | "username">;
  db: Db;
  errorMap?: z.core.$ZodErrorMap;
};

/**
 * The steps every use case takes once the session is known, in this order: permission → input
 * validation (a NUL character anywhere is refused before zod: PostgreSQL cannot store it) → one transaction around store scope and the business function (run again after a serialization failure or deadlock, up to `retries` times). Throws AppError;
 * one thrown with `keepWrites` still commits what the business function wrote before it.
 * Returns the parsed input beside the output (revalidation paths are built from both).
 */
export async function executeUseCase<TSchema extends z.ZodType, TOutput>(
  definition: UseCase<TSchema, TOutput>,
  context: ExecutionContext,
  raw: unknown,
): Promise<{ input: z.output<TSchema>; output: TOutput }> {
  const { staff } = context;
  if (!staff) throw new AppError("unauthenticated");
  if (staff.mustChangePassword && definition.permission !== "account.manage") throw new AppError("forbidden");
  authorize(staff, definition.permission);

  const nul = nulByteFieldErrors(raw, "input");
  if (nul) throw new AppError("validation", { fieldErrors: nul });
  const parsed = definition.input.safeParse(raw, context.errorMap ? { error: context.errorMap } : undefined);
  if (!parsed.success) {
    throw new AppError("validation", {
      fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
    });
  }
  const input = parsed.data as z.output<TSchema>;
  const actor: Actor = { staffId: staff.id, username: staff.username, ip: context.actor.ip };

  const attempt = async (): Promise<TOutput> => {
    let keptFailure: AppError | undefined;
    const output = await context.db.transaction(async (db) => {
      if (typeof definition.scope === "function") {
        const storeId = await definition.scope({ db, staff, input });
        if (storeId) authorize(staff, definition.permission, { storeId });
      }
      try {
        return await definition.run({ staff, actor, input, db });
      } catch (error) {
        if (!isAppError(error) || !error.keepWrites) throw error;
        keptFailure = error; // commit what run wrote before it, then fail
        return undefined as TOutput;
      }
    });
    if (keptFailure) throw keptFailure;
    return output;
  };

  const retries = Math.max(0, Math.floor(definition.retries ?? 0));
  for (let attempted = 0; ; attempted++) {
    try {
      return { input, output: await attempt() };
    } catch (error) {
      const state = isAppError(error) ? undefined : sqlState(error);
      if (attempted >= retries || !state || !RETRYABLE_SQLSTATES.has(state)) throw error;
    }
  }
}
