import { z } from "zod";
import type { Db } from "@/db/client";
import type { Actor } from "@/lib/audit/service";
import { authorize, type Permission } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import type { StaffAccount } from "@/lib/staff/principal";

export type ActionContext<TInput> = {
  staff: StaffAccount;
  actor: Actor;
  input: TInput;
  /** The transaction this action runs in: every write of the use case commits or none does. */
  db: Db;
};

export type ActionDefinition<TSchema extends z.ZodType, TOutput> = {
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
 * The steps every action takes after the session is known, in this order: permission → input
 * validation → store scope → one transaction around the business function. Throws AppError.
 */
export async function executeAction<TSchema extends z.ZodType, TOutput>(
  definition: ActionDefinition<TSchema, TOutput>,
  context: { staff: StaffAccount | null; actor: Omit<Actor, "staffId" | "username">; db: Db; errorMap?: z.core.$ZodErrorMap },
  raw: unknown,
): Promise<TOutput> {
  const { staff } = context;
  if (!staff) throw new AppError("unauthenticated");
  if (staff.mustChangePassword && definition.permission !== "account.manage") throw new AppError("forbidden");
  authorize(staff, definition.permission);

  const parsed = definition.input.safeParse(raw, context.errorMap ? { error: context.errorMap } : undefined);
  if (!parsed.success) {
    throw new AppError("validation", undefined, z.flattenError(parsed.error).fieldErrors as Record<string, string[]>);
  }
  const input = parsed.data as z.output<TSchema>;

  const storeId = definition.storeId?.(input);
  if (storeId) authorize(staff, definition.permission, { storeId });

  const actor: Actor = { staffId: staff.id, username: staff.username, ip: context.actor.ip };
  return context.db.transaction((tx) => definition.run({ staff, actor, input, db: tx as unknown as Db }));
}
