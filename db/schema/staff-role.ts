import { pgEnum } from "drizzle-orm/pg-core";

/** The staff roles: this enum is the one list; lib/auth/roles derives ROLES from it. */
export const staffRole = pgEnum("staff_role", ["admin", "manager", "advisor", "after_sales", "service"]);
