import { staffRole } from "@/db/schema/staff-role";

/** The staff roles, from the database enum (a small module without tables, so client components can list them). */
export const ROLES = staffRole.enumValues;
export type Role = (typeof ROLES)[number];
