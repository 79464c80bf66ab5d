import { NextIntlClientProvider, type AbstractIntlMessages } from "next-intl";
import { getMessages } from "next-intl/server";
import type { ReactNode } from "react";
import { CLIENT_MESSAGE_AREAS, pickNamespaces, type ClientMessageArea } from "./client-namespaces";
import { MoreMessages } from "./more-messages";

/**
 * The message provider of one area's client components (a layout renders it around its
 * children): the namespaces listed for `area` in ./client-namespaces.ts, nothing else of the
 * catalogue. The root's provider also carries the locale, time zone and formats; below it, each
 * area's messages are added to those of the areas above.
 */
export async function ClientMessages({ area, children }: { area: ClientMessageArea; children: ReactNode }) {
  const messages = pickNamespaces(await getMessages(), CLIENT_MESSAGE_AREAS[area].namespaces) as AbstractIntlMessages;
  if (area === "root") return <NextIntlClientProvider messages={messages}>{children}</NextIntlClientProvider>;
  return <MoreMessages messages={messages}>{children}</MoreMessages>;
}
