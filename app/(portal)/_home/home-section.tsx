import Link from "next/link";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import type { HomeSection as HomeSectionId } from "@/lib/home/sections";

/**
 * One section of the home page: a title with how many rows it stands for, up to a handful of rows
 * that each open the real page, a "see all" link to the full list, and an empty state that says
 * what would show here. Its words are the section's own (`home.sections.<id>`: title, seeAll,
 * emptyTitle, emptyBody). Rows are touch-sized (at least 48 px high) for the 1024 px tablet.
 */
export function HomeSection({
  id,
  total,
  shown,
  summary,
  attention = false,
  seeAllHref,
  children,
}: {
  id: Exclude<HomeSectionId, "storeSummary">;
  total: number;
  shown: number;
  /** A short line under the title (e.g. "2 overdue · 1 due today"). */
  summary?: ReactNode;
  /** The count is shown as needing attention (amber) when there is anything. */
  attention?: boolean;
  /** The full list behind the section. */
  seeAllHref: string;
  children: ReactNode;
}) {
  const t = useTranslations("home");
  const title = t(`sections.${id}.title`);
  const seeAll = { href: seeAllHref, label: t(`sections.${id}.seeAll`) };
  const empty = { title: t(`sections.${id}.emptyTitle`), body: t(`sections.${id}.emptyBody`) };
  const headingId = `home-${id}-title`;
  return (
    <section className="card flex flex-col" aria-labelledby={headingId} data-testid={`home-${id}`}>
      <header className="card-head">
        <div className="min-w-0">
          <h2 id={headingId} className="card-title flex flex-wrap items-center gap-2">
            <span>{title}</span>
            <Badge tone={attention && total > 0 ? "warning" : "neutral"}>{total}</Badge>
          </h2>
          {summary ? <p className="mt-0.5 text-xs text-stone-500">{summary}</p> : null}
        </div>
        <Link
          href={seeAll.href}
          className="inline-flex min-h-10 shrink-0 items-center rounded-md px-2 text-sm font-medium text-amber-800 hover:bg-amber-50"
        >
          {seeAll.label} →
        </Link>
      </header>
      <div className="flex-1 px-2 py-1">
        {shown === 0 ? (
          <div className="px-2 py-6 text-center" data-testid={`home-${id}-empty`}>
            <p className="text-sm font-medium text-stone-900">{empty.title}</p>
            <p className="mx-auto mt-1 max-w-sm text-sm text-stone-600">{empty.body}</p>
          </div>
        ) : (
          <ul className="divide-y divide-stone-100">{children}</ul>
        )}
      </div>
      {total > shown && shown > 0 ? (
        <p className="border-t border-stone-100 px-4 py-2 text-xs text-stone-500">
          {t("showing", { shown, total })} ·{" "}
          <Link href={seeAll.href} className="font-medium text-amber-800 hover:underline">
            {t("seeAll")}
          </Link>
        </p>
      ) : null}
    </section>
  );
}

/** One row: the whole row opens `href`; the main line, a quieter second line and badges on the right. */
export function HomeRow({
  href,
  primary,
  secondary,
  aside,
}: {
  href: string;
  primary: ReactNode;
  secondary?: ReactNode;
  aside?: ReactNode;
}) {
  return (
    <li>
      <Link
        href={href}
        className="flex min-h-12 items-center justify-between gap-3 rounded-md px-2 py-2 hover:bg-stone-50 focus-visible:bg-stone-50"
      >
        <span className="min-w-0">
          <span className="block truncate text-sm font-medium text-stone-900">{primary}</span>
          {secondary ? <span className="block truncate text-xs text-stone-500">{secondary}</span> : null}
        </span>
        {aside ? <span className="flex shrink-0 flex-wrap items-center justify-end gap-1">{aside}</span> : null}
      </Link>
    </li>
  );
}

/** A yyyy-MM-dd store-local date as an instant to format in UTC (the date is already the store's). */
export function calendarInstant(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}
