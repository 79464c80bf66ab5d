import Link from "next/link";
import { cn } from "@/components/ui/cn";

/** Upcoming or past: two links (each keeps the store), the current one marked for screen readers. */
export function WhenSwitch({
  basePath,
  storeId,
  current,
  labels,
  label,
}: {
  basePath: string;
  storeId: string;
  current: "upcoming" | "past";
  labels: Record<"upcoming" | "past", string>;
  label: string;
}) {
  return (
    <nav aria-label={label} className="inline-flex rounded-md ring-1 ring-stone-300">
      {(["upcoming", "past"] as const).map((when, index) => (
        <Link
          key={when}
          href={`${basePath}?store=${storeId}${when === "past" ? "&when=past" : ""}`}
          aria-current={when === current ? "page" : undefined}
          className={cn(
            "inline-flex min-h-10 items-center px-4 text-sm font-medium focus-visible:outline-2 focus-visible:outline-amber-600",
            index === 0 ? "rounded-l-md" : "rounded-r-md border-l border-stone-300",
            when === current ? "bg-amber-700 text-white" : "bg-white text-stone-700 hover:bg-stone-50",
          )}
        >
          {labels[when]}
        </Link>
      ))}
    </nav>
  );
}
