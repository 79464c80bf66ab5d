import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireStaff } from "@/lib/auth/session";
import { ChangePasswordForm } from "./change-password-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("changePassword");
  return { title: t("title") };
}

export default async function ChangePasswordPage() {
  const staff = await requireStaff({ allowPendingPasswordChange: true });
  const t = await getTranslations("changePassword");
  return (
    <div className="w-full max-w-sm rounded-xl bg-white p-6 shadow-sm ring-1 ring-stone-200">
      <h1 className="text-xl font-semibold text-stone-900">{t("title")}</h1>
      <p className="mt-1 mb-5 text-sm text-stone-600">
        {staff.mustChangePassword ? t("required", { name: staff.displayName }) : t("subtitle")}
      </p>
      <ChangePasswordForm />
    </div>
  );
}
