"use client";

import { useFormatter } from "next-intl";
import { cn } from "@/components/ui/cn";

/** A determinate progress bar with its label and "done / total". */
export function ProgressBar({
  label,
  done,
  total,
  className,
}: {
  label: string;
  done: number;
  total: number;
  className?: string;
}) {
  const format = useFormatter();
  const ratio = total > 0 ? Math.min(1, done / total) : 1;
  return (
    <div className={cn("space-y-1", className)}>
      <div className="flex justify-between text-xs text-stone-600">
        <span>{label}</span>
        <span className="tabular-nums">
          {format.number(done)} / {format.number(total)} ({format.number(ratio, { style: "percent" })})
        </span>
      </div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        className="h-2 overflow-hidden rounded-full bg-stone-200"
      >
        <div className="h-full rounded-full bg-amber-600 transition-[width]" style={{ width: `${ratio * 100}%` }} />
      </div>
    </div>
  );
}
