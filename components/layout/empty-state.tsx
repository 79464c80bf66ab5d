import type { ReactNode } from "react";

export function EmptyState({ title, body, action }: { title: ReactNode; body?: ReactNode; action?: ReactNode }) {
  return (
    <div className="flex flex-col items-center justify-center gap-2 rounded-lg border border-dashed border-stone-300 bg-white px-6 py-12 text-center">
      <div className="size-10 rounded-full bg-stone-100" aria-hidden />
      <p className="text-sm font-medium text-stone-900">{title}</p>
      {body ? <p className="max-w-md text-sm text-stone-600">{body}</p> : null}
      {action ? <div className="mt-2">{action}</div> : null}
    </div>
  );
}
