"use client";

import { useLocale, type AbstractIntlMessages } from "next-intl";
import { lazy, Suspense, type ComponentType, type ReactNode } from "react";
import { clientMessagesAction } from "./actions";
import { LOCALES } from "./config";
import { MoreMessages } from "./more-messages";

/**
 * A component whose code and whose message namespaces load together, the first time it renders
 * (a dialog's form): neither travels with the page. Write `namespaces` as a literal array in the
 * call: client-namespaces.test.ts reads it there and checks the component's reads against it and
 * the page's providers.
 */
export function lazyWithMessages<P extends object>(
  load: () => Promise<ComponentType<P>>,
  namespaces: readonly string[],
  fallback: ReactNode,
) {
  // One per locale, made here (not while rendering): a language switch loads the other's words.
  const loaded = Object.fromEntries(
    LOCALES.map((locale) => [
      locale,
      lazy(async () => {
        const [Component, messages] = await Promise.all([
          load(),
          namespaces.length ? clientMessagesAction(locale, [...namespaces]) : {},
        ]);
        function WithMessages(props: P) {
          return (
            <MoreMessages messages={messages as AbstractIntlMessages}>
              <Component {...props} />
            </MoreMessages>
          );
        }
        return { default: WithMessages };
      }),
    ]),
  ) as Record<string, ComponentType<P>>;

  return function LazyWithMessages(props: P) {
    const Loaded = loaded[useLocale()] ?? loaded[LOCALES[0]]!;
    return (
      <Suspense fallback={fallback}>
        <Loaded {...props} />
      </Suspense>
    );
  };
}
