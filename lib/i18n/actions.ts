"use server";

import { getMessages } from "next-intl/server";
import { pickNamespaces } from "./client-namespaces";
import { isLocale } from "./config";

const MAX_NAMESPACES = 12;

/**
 * The message namespaces a lazily loaded component needs (lazyWithMessages), in the given locale.
 * No session: these are the interface's own words, the same that pages render for anyone who opens
 * them (the sign-in page included); nothing about a member, a store or a staff member.
 */
export async function clientMessagesAction(locale: string, namespaces: string[]) {
  if (!isLocale(locale) || !Array.isArray(namespaces)) return {};
  const names = namespaces
    .filter((n): n is string => typeof n === "string" && /^[\w.]{1,80}$/.test(n))
    .slice(0, MAX_NAMESPACES);
  return pickNamespaces(await getMessages({ locale }), names);
}
