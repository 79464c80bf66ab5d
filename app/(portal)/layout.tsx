import { getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { getDb } from "@/db/client";
import { AppShell, type ShellNavSection } from "@/components/layout/app-shell";
import { LanguageSwitch } from "@/components/layout/language-switch";
import { Button } from "@/components/ui/button";
import { signOutAction } from "@/lib/auth/actions";
import { setLocaleAction } from "@/lib/staff/actions";
import { ClientMessages } from "@/lib/i18n/client-messages";
import { storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import { requireStaff } from "@/lib/auth/session";
import { navigationSectionsFor } from "@/lib/navigation";
import { listStoresInScope } from "@/lib/stores/queries";
import { storeDisplayName } from "@/lib/stores/display";

/**
 * The sidebar's sections in a language for a set of roles: the same for every request of those
 * roles, so built once per process (the catalogue does not change while it runs).
 */
const shellNavCache = new Map<string, ShellNavSection[]>();

function shellNav(staff: Pick<StaffPrincipal, "roles">, locale: string, t: (key: string) => string): ShellNavSection[] {
  const key = `${locale}|${[...staff.roles].sort().join(" ")}`;
  let nav = shellNavCache.get(key);
  if (!nav) {
    nav = navigationSectionsFor(staff).map(({ section, items }) => ({
      label: t(SECTION_LABEL_KEYS[section]),
      items: items.map((item) => [item.href, t(item.labelKey)]),
    }));
    shellNavCache.set(key, nav);
  }
  return nav;
}

const SECTION_LABEL_KEYS = {
  main: "sectionMain",
  clienteling: "sectionClienteling",
  service: "sectionService",
  members: "sectionMembers",
  loyalty: "sectionLoyalty",
  admin: "sectionAdmin",
} as const;

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const staff = await requireStaff();
  const allStores = storeScopeOf(staff).kind === "all";
  const [t, tRoles, locale, stores] = await Promise.all([
    getTranslations("nav"),
    getTranslations("roles"),
    getLocale(),
    // Staff of every store are labelled "all stores": their store names are not read.
    allStores ? [] : listStoresInScope(getDb(), storeScopeOf(staff), { activeOnly: true }),
  ]);
  const storeLabel = allStores
    ? t("allStores")
    : stores.map((s) => storeDisplayName(s, locale)).join(" · ") || t("noStore");

  return (
    <ClientMessages area="portal">
      <AppShell
        appName={t("appName")}
        nav={shellNav(staff, locale, t)}
        menuLabel={t("openMenu")}
        closeMenuLabel={t("closeMenu")}
        userMenu={
          <>
            <div className="hidden text-right sm:block" data-testid="current-staff">
              <p className="text-sm font-medium text-stone-900">{staff.displayName}</p>
              <p className="text-xs text-stone-500">
                {staff.roles.map((r) => tRoles(r)).join(" / ")} · {storeLabel}
              </p>
            </div>
            <LanguageSwitch save={setLocaleAction} />
            <form action={signOutAction}>
              <Button type="submit" variant="secondary" size="sm">
                {t("signOut")}
              </Button>
            </form>
          </>
        }
      >
        {children}
      </AppShell>
    </ClientMessages>
  );
}
