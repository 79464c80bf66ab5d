"use server";

import { getMessages } from "next-intl/server";
import { z } from "zod";
import { getCurrentStaff } from "@/lib/auth/session";
import { pickNamespaces } from "./client-namespaces";
import { LOCALES } from "./config";

const inputSchema = z.object({
  locale: z.enum(LOCALES),
  namespaces: z
    .array(z.string().regex(/^[\w.]{1,80}$/))
    .min(1)
    .max(12),
});

/**
 * The message namespaces a lazily loaded component needs (lazyWithMessages), in the given locale:
 * the interface's own words, nothing about a member, a store or a staff member. Only for a signed-in
 * staff member (the dialogs that ask are in the portal); anything else gets nothing.
 */
export async function clientMessagesAction(locale: string, namespaces: string[]) {
  const parsed = inputSchema.safeParse({ locale, namespaces });
  if (!parsed.success || !(await getCurrentStaff())) return {};
  return pickNamespaces(await getMessages({ locale: parsed.data.locale }), parsed.data.namespaces);
}
