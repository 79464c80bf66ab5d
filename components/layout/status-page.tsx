import Link from "next/link";
import type { ReactNode } from "react";
import { buttonClasses } from "@/components/ui/button";

/** Full-page message for 403 / 404 / errors, with a way back. */
export function StatusPage({
  code,
  title,
  body,
  homeLabel,
  action,
}: {
  code: string;
  title: ReactNode;
  body: ReactNode;
  homeLabel: ReactNode;
  action?: ReactNode;
}) {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center gap-3 px-6 text-center">
      <p className="text-sm font-semibold tracking-widest text-amber-700">{code}</p>
      <h1 className="text-2xl font-semibold text-stone-900">{title}</h1>
      <p className="max-w-md text-sm text-stone-600">{body}</p>
      <div className="mt-3 flex gap-2">
        <Link href="/" className={buttonClasses("primary")}>
          {homeLabel}
        </Link>
        {action}
      </div>
    </main>
  );
}
