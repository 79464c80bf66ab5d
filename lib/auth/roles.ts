/** The staff roles (kept free of server imports so that client components can list them). */
export const ROLES = ["admin", "manager", "advisor", "after_sales", "service"] as const;
export type Role = (typeof ROLES)[number];
