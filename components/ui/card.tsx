import type { ReactNode } from "react";
import { cn } from "./cn";

export function Card({
  title,
  actions,
  children,
  className,
  bodyClassName,
}: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  /** E.g. a fixed height, so that content streamed in later takes exactly its placeholder's place. */
  bodyClassName?: string;
}) {
  return (
    <section className={cn("rounded-lg bg-white shadow-sm ring-1 ring-stone-200", className)}>
      {title || actions ? (
        <header className="flex items-center justify-between gap-3 border-b border-stone-200 px-4 py-3">
          {title ? <h2 className="text-sm font-semibold text-stone-900">{title}</h2> : <span />}
          {actions}
        </header>
      ) : null}
      <div className={cn("p-4", bodyClassName)}>{children}</div>
    </section>
  );
}
