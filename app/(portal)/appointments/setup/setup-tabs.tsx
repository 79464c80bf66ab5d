import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { cn } from "@/components/ui/cn";

export const SETUP_TABS = ["overview", "types", "rooms", "hours", "timeOff", "closures"] as const;
export type SetupTab = (typeof SETUP_TABS)[number];

const PATHS: Record<SetupTab, string> = {
  overview: "/appointments/setup",
  types: "/appointments/setup/types",
  rooms: "/appointments/setup/rooms",
  hours: "/appointments/setup/hours",
  timeOff: "/appointments/setup/time-off",
  closures: "/appointments/setup/closures",
};

/** Sections that belong to one store keep the chosen store when switching between them. */
const STORE_TABS: readonly SetupTab[] = ["rooms", "hours", "timeOff", "closures"];

export function setupHref(tab: SetupTab, storeId?: string | null): string {
  return storeId && STORE_TABS.includes(tab) ? `${PATHS[tab]}?store=${storeId}` : PATHS[tab];
}

/** The setup's sections as links (a tab list that works without JavaScript and scrolls on a tablet). */
export async function SetupTabs({ current, storeId }: { current: SetupTab; storeId?: string | null }) {
  const t = await getTranslations("appointmentSetup");
  return (
    <nav aria-label={t("tabsLabel")} className="mb-5 overflow-x-auto border-b border-stone-200">
      <ul className="flex min-w-max gap-1">
        {SETUP_TABS.map((tab) => (
          <li key={tab}>
            <Link
              href={setupHref(tab, storeId)}
              aria-current={tab === current ? "page" : undefined}
              className={cn(
                "-mb-px inline-flex min-h-11 items-center border-b-2 px-3 text-sm font-medium focus-visible:outline-2 focus-visible:outline-amber-600",
                tab === current
                  ? "border-amber-700 text-amber-800"
                  : "border-transparent text-stone-600 hover:border-stone-300 hover:text-stone-900",
              )}
            >
              {t(`tabs.${tab}`)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
