import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { LanguageSwitch } from "@/components/layout/language-switch";
import { setGuestLocaleAction } from "@/lib/auth/actions";
import { ClientMessages } from "@/lib/i18n/client-messages";

export default async function AuthLayout({ children }: { children: ReactNode }) {
  const t = await getTranslations("app");
  return (
    <ClientMessages area="auth">
      <div className="flex min-h-screen flex-col bg-gradient-to-b from-amber-50 to-stone-100">
        <header className="flex items-center justify-between px-6 py-4">
          <span className="text-lg font-semibold tracking-wide text-amber-800">{t("name")}</span>
          <LanguageSwitch save={setGuestLocaleAction} />
        </header>
        <main className="flex flex-1 items-start justify-center px-4 pt-[8vh] pb-12">{children}</main>
      </div>
    </ClientMessages>
  );
}
