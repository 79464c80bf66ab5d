"use client";

import { Button } from "@/components/ui/button";

/** Prints the preparation sheet (the print stylesheet of the page leaves out the portal's frame and the forms). */
export function PrintButton({ label }: { label: string }) {
  return (
    <Button variant="secondary" className="print:hidden" onClick={() => window.print()}>
      {label}
    </Button>
  );
}
