import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/layout/page-header";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { requirePermission } from "@/lib/auth/session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("account");
  return { title: t("title") };
}

export default async function AccountPage() {
  const staff = await requirePermission("account.manage");
  const [t, tRoles, tLang, locale] = await Promise.all([
    getTranslations("account"),
    getTranslations("roles"),
    getTranslations("language"),
    getLocale(),
  ]);
  return (
    <>
      <PageHeader title={t("title")} />
      <div className="grid gap-5 md:grid-cols-2">
        <Card title={t("profile")}>
          <dl className="grid grid-cols-3 gap-y-2 text-sm">
            <dt className="text-stone-500">{t("username")}</dt>
            <dd className="col-span-2 font-mono">{staff.username}</dd>
            <dt className="text-stone-500">{t("displayName")}</dt>
            <dd className="col-span-2">{staff.displayName}</dd>
            <dt className="text-stone-500">{t("roles")}</dt>
            <dd className="col-span-2">{staff.roles.map((r) => tRoles(r)).join(" / ")}</dd>
            <dt className="text-stone-500">{t("language")}</dt>
            <dd className="col-span-2">{tLang(locale === "en" ? "en" : "zh-CN")}</dd>
          </dl>
        </Card>
        <Card title={t("security")}>
          <p className="mb-3 text-sm text-stone-600">{t("passwordHint")}</p>
          <Link href="/change-password" className={buttonClasses("secondary")}>
            {t("changePassword")}
          </Link>
        </Card>
      </div>
    </>
  );
}
