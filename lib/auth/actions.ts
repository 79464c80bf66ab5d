"use server";

import { eq } from "drizzle-orm";
import { AuthError, CredentialsSignin } from "next-auth";
import { cookies } from "next/headers";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { getDb, type Db } from "@/db/client";
import { staff } from "@/db/schema";
import { defineAction } from "@/lib/actions/define-action";
import type { ActionResult } from "@/lib/actions/result";
import { changeOwnPassword, setOwnLocale } from "@/lib/staff/service";
import { localeSchema, newPasswordSchema } from "@/lib/staff/schemas";
import { LOCALE_COOKIE, isLocale } from "@/lib/i18n/config";
import { signIn, signOut } from "./index";

const ONE_YEAR = 60 * 60 * 24 * 365;

const signInSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

async function rememberLocale(locale: string) {
  (await cookies()).set(LOCALE_COOKIE, locale, { path: "/", maxAge: ONE_YEAR, sameSite: "lax", httpOnly: true });
}

/**
 * Public by nature (no session yet): checks credentials through next-auth's credentials provider,
 * which applies the lockout and writes the audit log. On success the staff member's saved language
 * becomes the page language.
 */
export async function signInAction(raw: z.input<typeof signInSchema>): Promise<ActionResult<{ redirectTo: string }>> {
  const t = await getTranslations("signIn");
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, code: "validation", message: t("missingFields") };
  try {
    await signIn("credentials", { ...parsed.data, redirect: false });
  } catch (error) {
    if (error instanceof CredentialsSignin && error.code === "locked") {
      return { ok: false, code: "locked", message: t("locked") };
    }
    if (error instanceof AuthError) return { ok: false, code: "unauthenticated", message: t("invalid") };
    throw error;
  }
  const [account] = await getDb()
    .select({ locale: staff.locale, mustChangePassword: staff.mustChangePassword })
    .from(staff)
    .where(eq(staff.username, parsed.data.username));
  if (account?.locale) await rememberLocale(account.locale);
  return { ok: true, data: { redirectTo: account?.mustChangePassword ? "/change-password" : "/" } };
}

/** Signs out (next-auth's signOut event writes the audit entry) and returns to the sign-in page. */
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}

/** Before sign-in, the language lives in a cookie only. */
export async function setGuestLocaleAction(raw: z.input<typeof localeSchema>): Promise<ActionResult<null>> {
  const parsed = localeSchema.safeParse(raw);
  if (!parsed.success || !isLocale(parsed.data.locale)) return { ok: false, code: "validation", message: "locale" };
  await rememberLocale(parsed.data.locale);
  return { ok: true, data: null };
}

export const setLocaleAction = defineAction({
  permission: "account.manage",
  input: localeSchema,
  async run({ actor, input, db }) {
    await setOwnLocale(db, actor, input.locale);
    await rememberLocale(input.locale);
    return null;
  },
});

/** Ends every session of the account, this one included: the staff member signs in with the new password. */
export const changePasswordAction = defineAction({
  permission: "account.manage",
  input: newPasswordSchema,
  async run({ actor, input, db }) {
    await changeOwnPassword(db as Db, actor, input);
    return null;
  },
});
