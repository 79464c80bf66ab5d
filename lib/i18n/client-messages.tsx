import { NextIntlClientProvider } from "next-intl";
import { getMessages } from "next-intl/server";
import type { ReactNode } from "react";
import { CLIENT_MESSAGE_AREAS, pickNamespaces, type ClientMessageArea } from "./client-namespaces";

/**
 * The message provider of one area's client components: the namespaces listed for `area` in
 * ./client-namespaces.ts, nothing else of the catalogue (a layout renders it around its children).
 */
export async function ClientMessages({ area, children }: { area: ClientMessageArea; children: ReactNode }) {
  const messages = await getMessages();
  return (
    <NextIntlClientProvider messages={pickNamespaces(messages, CLIENT_MESSAGE_AREAS[area].namespaces)}>
      {children}
    </NextIntlClientProvider>
  );
}
