import type { ReactNode } from "react";
import { ClientMessages } from "@/lib/i18n/client-messages";

/** Sends this area's client components their message namespaces (lib/i18n/client-namespaces.ts). */
export default function SurveyLayout({ children }: { children: ReactNode }) {
  return <ClientMessages area="survey">{children}</ClientMessages>;
}
