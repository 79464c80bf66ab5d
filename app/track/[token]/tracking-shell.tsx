import type { ReactNode } from "react";

/** The frame of the customer's tracking pages (the survey page's look: no portal shell, no session). */
export function TrackingShell({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-screen items-start justify-center bg-gradient-to-b from-amber-50 to-stone-100 px-4 pt-[6vh] pb-12">
      <main className="w-full max-w-md rounded-xl bg-white p-6 shadow-sm ring-1 ring-stone-200">
        <p className="text-sm font-semibold tracking-wide text-amber-800">Atrium</p>
        {children}
      </main>
    </div>
  );
}
