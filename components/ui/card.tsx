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
    <section className={cn("card", className)}>
      {title || actions ? (
        <header className="card-head">
          {title ? <h2 className="card-title">{title}</h2> : <span />}
          {actions}
        </header>
      ) : null}
      <div className={cn("p-4", bodyClassName)}>{children}</div>
    </section>
  );
}
