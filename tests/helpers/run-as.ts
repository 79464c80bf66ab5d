import type { z } from "zod";
import type { Db } from "@/db/client";
import { executeUseCase, type UseCase } from "@/lib/actions/use-case";
import type { Role } from "@/lib/auth/policy";
import { loadStaffAccount, type StaffAccount } from "@/lib/staff/principal";
import { createTestStaff, type TestStaffOptions } from "./test-db";

/**
 * Runs a use case as a server action would (permission → zod → store scope → one transaction →
 * the business call), for the given staff member: the real definition, never a copy of it, so
 * that changing a use case's permission or scope changes what its tests see.
 */
export async function runAs<TSchema extends z.ZodType, TOutput>(
  db: Db,
  definition: UseCase<TSchema, TOutput>,
  staff: StaffAccount | { id: string } | null,
  input: unknown,
  options: { ip?: string | null } = {},
): Promise<TOutput> {
  const account = staff && !("roles" in staff) ? await loadStaffAccount(db, staff.id) : staff;
  const { output } = await executeUseCase(
    definition,
    { staff: account, actor: { ip: options.ip === undefined ? "127.0.0.1" : options.ip }, db },
    input,
  );
  return output;
}

/** A staff member in the database, loaded as the account a session carries (what runAs takes). */
export async function createTestAccount(
  db: Db,
  roles: Role[],
  storeIds: string[] = [],
  options: Omit<TestStaffOptions, "roles" | "storeIds"> = {},
): Promise<StaffAccount> {
  const created = await createTestStaff(db, { ...options, roles, storeIds });
  return (await loadStaffAccount(db, created.id))!;
}
