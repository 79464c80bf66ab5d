import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";

/**
 * Body heights of the 360° view's section cards. Fixed, with the content scrolling inside, so a
 * streamed section takes exactly its placeholder's place when it arrives: nothing on the page moves.
 */
export const SECTION_HEIGHTS = { sm: "h-48", md: "h-64", lg: "h-[26rem]" } as const;
export type SectionHeight = keyof typeof SECTION_HEIGHTS;

export const sectionBodyClass = (height: SectionHeight) => cn(SECTION_HEIGHTS[height], "overflow-y-auto");

/** What a streamed section shows until its data arrives. */
export function SectionSkeleton() {
  return (
    <div className="animate-pulse space-y-3" aria-hidden>
      <div className="h-4 w-2/3 rounded bg-stone-100" />
      <div className="h-4 w-1/2 rounded bg-stone-100" />
      <div className="h-4 w-3/5 rounded bg-stone-100" />
    </div>
  );
}

/** A card of the 360° view whose body has one of the fixed heights above, its content scrolling inside. */
export function FixedCard({
  title,
  actions,
  className,
  height,
  children,
}: {
  title: ReactNode;
  actions?: ReactNode;
  className?: string;
  height: SectionHeight;
  children: ReactNode;
}) {
  return (
    <Card title={title} actions={actions} className={className} bodyClassName={sectionBodyClass(height)}>
      {children}
    </Card>
  );
}
