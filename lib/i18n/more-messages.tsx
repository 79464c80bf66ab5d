"use client";

import { IntlProvider, useLocale, useMessages, type AbstractIntlMessages } from "next-intl";
import { useMemo, type ReactNode } from "react";
import { mergeMessages } from "./client-namespaces";

/**
 * Adds `messages` to those of the provider above (a plain nested provider would replace them), so
 * that an area's layout sends the browser only the namespaces the areas above it do not already
 * send; locale, time zone and formats are inherited.
 */
export function MoreMessages({ messages, children }: { messages: AbstractIntlMessages; children: ReactNode }) {
  const inherited = useMessages();
  const locale = useLocale();
  const merged = useMemo(() => mergeMessages(inherited, messages) as AbstractIntlMessages, [inherited, messages]);
  return (
    <IntlProvider locale={locale} messages={merged}>
      {children}
    </IntlProvider>
  );
}
