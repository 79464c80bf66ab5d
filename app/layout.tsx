import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { ClientMessages } from "@/lib/i18n/client-messages";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("app");
  return {
    title: { default: t("name"), template: `%s · ${t("name")}` },
    description: t("tagline"),
    icons: { icon: { url: "/favicon.svg", type: "image/svg+xml" } },
    // A staff portal: besides public/robots.txt, ask crawlers that reach a page anyway not to index it.
    robots: { index: false, follow: false },
  };
}

// Each area's layout sends its client components their own namespaces (lib/i18n/client-namespaces.ts);
// the root sends only the root error page's.
export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale}>
      <body>
        <ClientMessages area="root">{children}</ClientMessages>
      </body>
    </html>
  );
}
