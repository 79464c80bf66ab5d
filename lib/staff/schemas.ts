import { z } from "zod";
import { ROLES } from "@/lib/auth/roles";
import { normalizeChinaMobile } from "@/lib/members/phone";

/** Staff passwords: at least 10 characters (first sign-in and every change). */
export const MIN_PASSWORD_LENGTH = 10;

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,31}$/, { message: "usernameFormat" });

/** Optional work contact: blank means none; the mobile is normalised to E.164 as members' phones are. */
const optionalWorkEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .refine((value) => value === "" || z.email().safeParse(value).success, { message: "emailInvalid" })
  .nullish()
  .transform((value) => value || null);
const optionalWorkMobile = z
  .string()
  .trim()
  .max(40)
  .nullish()
  .refine((value) => !value || normalizeChinaMobile(value).ok, { message: "phoneNotMobile" })
  .transform((value) => {
    const normalized = value ? normalizeChinaMobile(value) : null;
    return normalized?.ok ? normalized.e164 : null;
  });

export const staffFormSchema = z.object({
  username: usernameSchema,
  displayName: z.string().trim().min(1).max(60),
  /** Where work messages reach them (a complaint past its SLA, for a store manager). */
  email: optionalWorkEmail.optional(),
  mobile: optionalWorkMobile.optional(),
  roles: z.array(z.enum(ROLES)).min(1),
  storeIds: z.array(z.uuid()),
  allStores: z.boolean(),
});
export type StaffFormInput = z.input<typeof staffFormSchema>;

export const createStaffSchema = staffFormSchema;
export const updateStaffSchema = staffFormSchema.omit({ username: true }).extend({ id: z.uuid() });
export const staffIdSchema = z.object({ id: z.uuid() });

export const newPasswordSchema = z
  .object({
    currentPassword: z.string().min(1),
    newPassword: z.string().min(MIN_PASSWORD_LENGTH).max(256),
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { message: "passwordsDiffer", path: ["confirmPassword"] })
  .refine((v) => v.newPassword !== v.currentPassword, { message: "passwordUnchanged", path: ["newPassword"] });
export type NewPasswordInput = z.input<typeof newPasswordSchema>;

export const localeSchema = z.object({ locale: z.enum(["zh-CN", "en"]) });
