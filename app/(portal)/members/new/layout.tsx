import type { ReactNode } from "react";
import { ClientMessages } from "@/lib/i18n/client-messages";

/** Adds this area's message namespaces for its client components (lib/i18n/client-namespaces.ts). */
export default function NewMemberLayout({ children }: { children: ReactNode }) {
  return <ClientMessages area="memberNew">{children}</ClientMessages>;
}
