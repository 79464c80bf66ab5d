import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { getCurrentStaff } from "@/lib/auth/session";
import { SignInForm } from "./sign-in-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("signIn");
  return { title: t("title") };
}

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  if (await getCurrentStaff()) redirect("/");
  const t = await getTranslations("signIn");
  const params = await searchParams;
  // next-auth's HTTP sign-in redirects here with ?error=CredentialsSignin&code=locked on failure.
  const initialError = params.code === "locked" ? t("locked") : params.error ? t("invalid") : undefined;
  return (
    <div className="w-full max-w-sm rounded-xl bg-white p-6 shadow-sm ring-1 ring-stone-200">
      <h1 className="text-xl font-semibold text-stone-900">{t("title")}</h1>
      <p className="mt-1 mb-5 text-sm text-stone-600">{t("subtitle")}</p>
      <SignInForm initialError={initialError} notice={params.changed ? t("passwordChanged") : undefined} />
    </div>
  );
}
