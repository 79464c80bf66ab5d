import Link from "next/link";
import { cn } from "@/components/ui/cn";

export type FigureCardProps = {
  label: string;
  /** The period's value, formatted; "—" when there is none. */
  value: string;
  /** The previous period, formatted, with its label; absent for a figure read as of now. */
  previous?: { label: string; value: string };
  /** The change against the previous period, formatted, and which way it went. */
  change?: { text: string; direction: "up" | "down" | "flat" };
  /** A short note under the value (e.g. "as of now", a definition). */
  note?: string;
  /** The list behind the figure (links.ts): the card opens it. */
  href?: string;
};

/** One figure of the dashboard: the value, the previous period's beside it, and the change. */
export function FigureCard({ label, value, previous, change, note, href }: FigureCardProps) {
  const body = (
    <>
      <p className="text-xs font-medium text-stone-500">{label}</p>
      <p className="mt-1 text-xl font-semibold text-stone-900 tabular-nums">{value}</p>
      {previous ? (
        <p className="mt-1 flex flex-wrap items-baseline gap-x-2 text-xs text-stone-600">
          <span>
            {previous.label} <span className="tabular-nums">{previous.value}</span>
          </span>
          {change ? (
            <span
              className={cn(
                "font-medium tabular-nums",
                change.direction === "up" && "text-emerald-700",
                change.direction === "down" && "text-red-700",
                change.direction === "flat" && "text-stone-500",
              )}
            >
              {change.text}
            </span>
          ) : null}
        </p>
      ) : null}
      {note ? <p className="mt-1 text-xs text-stone-500">{note}</p> : null}
    </>
  );
  const box = "block rounded-lg bg-white p-4 shadow-sm ring-1 ring-stone-200";
  return href ? (
    <Link
      href={href}
      prefetch={false}
      className={cn(box, "hover:ring-amber-400 focus-visible:outline-2 focus-visible:outline-amber-600")}
      data-figure={label}
    >
      {body}
    </Link>
  ) : (
    <div className={box} data-figure={label}>
      {body}
    </div>
  );
}

/** A titled group of figure cards. */
export function FigureSection({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section aria-label={title} className="space-y-2">
      <h2 className="text-sm font-semibold text-stone-700">{title}</h2>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">{children}</div>
    </section>
  );
}
