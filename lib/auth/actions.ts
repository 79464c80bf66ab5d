"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import type { ActionResult } from "@/lib/actions/result";
import { isLocale } from "@/lib/i18n/config";
import { rememberLocale } from "@/lib/i18n/locale-cookie";
import { signIn, signOut } from "./index";
import { credentialsSchema, type CredentialsInput } from "./schemas";
import { landingAfterSignIn } from "./sign-in";

// The actions a visitor without a session may call. Everything a signed-in staff member does is a
// use case behind defineAction (their own language and password: lib/staff/actions.ts).

/**
 * Checks credentials through next-auth's credentials provider, which applies the lockout and writes
 * the audit log. On success the staff member's saved language becomes the page language.
 */
export async function signInAction(raw: CredentialsInput): Promise<ActionResult<{ redirectTo: string }>> {
  const t = await getTranslations("signIn");
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, code: "validation", message: t("missingFields") };
  try {
    await signIn("credentials", { ...parsed.data, redirect: false });
  } catch (error) {
    if (error instanceof CredentialsSignin && error.code === "locked") {
      return { ok: false, code: "locked", message: t("locked") };
    }
    if (error instanceof CredentialsSignin && error.code === "address_locked") {
      return { ok: false, code: "locked", message: t("addressLocked") };
    }
    if (error instanceof AuthError) return { ok: false, code: "unauthenticated", message: t("invalid") };
    throw error;
  }
  const landing = await landingAfterSignIn(getDb(), parsed.data.username);
  if (landing?.locale) await rememberLocale(landing.locale);
  return { ok: true, data: { redirectTo: landing?.mustChangePassword ? "/change-password" : "/" } };
}

/** Signs out (next-auth's signOut event writes the audit entry) and returns to the sign-in page. */
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}

/** Before sign-in, the language lives in a cookie only. */
export async function setGuestLocaleAction(raw: { locale: string }): Promise<ActionResult<null>> {
  const locale = raw?.locale;
  if (!isLocale(locale)) return { ok: false, code: "validation", message: "locale" };
  await rememberLocale(locale);
  return { ok: true, data: null };
}
