import type { ReactNode } from "react";
import { ClientMessages } from "@/lib/i18n/client-messages";

/** Sends this area's client components their message namespaces (lib/i18n/client-namespaces.ts). */
export default function ComplaintsLayout({ children }: { children: ReactNode }) {
  return <ClientMessages area="complaints">{children}</ClientMessages>;
}
