"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState, type ReactNode } from "react";

/** A sidebar section: its heading and its entries, [href, label] each (compact: it travels with every page). */
export type ShellNavSection = { label: string; items: [href: string, label: string][] };

type AppShellProps = {
  appName: string;
  nav: ShellNavSection[];
  menuLabel: string;
  closeMenuLabel: string;
  userMenu: ReactNode;
  children: ReactNode;
};

/** The longest matching entry is the active one (/members/import, not /members, when importing). */
function activeHref(pathname: string, nav: ShellNavSection[]): string | undefined {
  let best: string | undefined;
  for (const { items } of nav)
    for (const [href] of items)
      if (
        (href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(href + "/")) &&
        href.length > (best?.length ?? -1)
      )
        best = href;
  return best;
}

/**
 * Sidebar always visible on wide screens (≥1280 px); on a 1024 px tablet and below it collapses
 * behind a menu button and opens as an overlay.
 *
 * On wide screens the sidebar is a column of the page's flex row, not a fixed layer: the row
 * stretches it to the full height of the page, so its background runs to the bottom of a long
 * page (a fixed layer is only as tall as the viewport, which shows in full-page screenshots and
 * prints), while the navigation inside sticks to the top and scrolls on its own when it is taller
 * than the window.
 */
export function AppShell({ appName, nav, menuLabel, closeMenuLabel, userMenu, children }: AppShellProps) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const current = activeHref(pathname, nav);

  const sidebar = (
    <nav aria-label={appName} className="flex h-full flex-col gap-6 px-3 py-4">
      <Link href="/" className="px-2 text-lg font-semibold tracking-wide text-amber-800">
        {appName}
      </Link>
      {nav.map(({ label, items }) => (
        <div key={label}>
          <p className="nav-section">{label}</p>
          <ul className="space-y-0.5">
            {items.map(([href, itemLabel]) => (
              <li key={href}>
                <Link
                  href={href}
                  aria-current={current === href ? "page" : undefined}
                  onClick={() => setOpen(false)}
                  className="nav-link"
                >
                  {itemLabel}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );

  return (
    <div className="min-h-screen bg-stone-50 xl:flex">
      <aside className="hidden w-60 shrink-0 border-r border-stone-200 bg-white xl:block">
        <div className="sticky top-0 h-screen overflow-y-auto">{sidebar}</div>
      </aside>
      {open ? (
        <div className="fixed inset-0 z-40 xl:hidden">
          <button
            type="button"
            aria-label={closeMenuLabel}
            className="absolute inset-0 bg-stone-900/30"
            onClick={() => setOpen(false)}
          />
          <aside id="mobile-sidebar" className="absolute inset-y-0 left-0 w-64 overflow-y-auto bg-white shadow-xl">
            {sidebar}
          </aside>
        </div>
      ) : null}
      <div className="min-w-0 flex-1">
        <header className="sticky top-0 z-20 flex h-14 items-center gap-3 border-b border-stone-200 bg-white/95 px-4 backdrop-blur">
          <button
            type="button"
            className="rounded-md p-2 text-stone-700 hover:bg-stone-100 xl:hidden"
            aria-label={menuLabel}
            aria-expanded={open}
            aria-controls="mobile-sidebar"
            onClick={() => setOpen((v) => !v)}
          >
            <svg viewBox="0 0 20 20" className="size-5" fill="currentColor" aria-hidden>
              <path d="M3 5h14v2H3zM3 9h14v2H3zM3 13h14v2H3z" />
            </svg>
          </button>
          <div className="ml-auto flex items-center gap-3">{userMenu}</div>
        </header>
        <main className="mx-auto max-w-7xl px-4 py-6 sm:px-6">{children}</main>
      </div>
    </div>
  );
}
