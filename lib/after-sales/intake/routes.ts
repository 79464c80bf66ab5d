import { z } from "zod";
import { download, type StaffRouteDefinition } from "@/lib/api/staff-route";
import { LOCALES, type Locale } from "@/lib/i18n/config";
import { loadIntakeDocumentLabels } from "./labels";
import { createBagTag, createIntakeReceipt } from "./service";

/**
 * The intake documents of a ticket, behind the staff session (app/(portal)/after-sales/tickets/[id]/
 * receipt and …/tag wrap these with staffRoute), like the visit confirmation: a GET a browser marks
 * cross-site is refused before anything runs, then session, `aftersales.intake`, the id (404 when
 * it is not one), `?lang=` (zh-CN or en; default the staff member's language) and the ticket in the
 * staff member's stores (404). Each download is audited.
 */

const params = z.object({ id: z.uuid() });
const query = z.object({ lang: z.enum(LOCALES).optional() });

type Params = typeof params;
type Query = typeof query;

const renderIn = (locale: Locale) => ({ labels: loadIntakeDocumentLabels(locale), locale });

export const intakeReceiptRoute: StaffRouteDefinition<Params, Query, undefined> = {
  permission: "aftersales.intake",
  params,
  query,
  // The document's query is limited to the staff member's stores.
  scope: "in-run",
  async handler({ db, staff, actor, locale, params, query }) {
    const { pdf, filename } = await createIntakeReceipt(db, staff, actor, params.id, renderIn(query.lang ?? locale));
    return download(new Uint8Array(pdf), {
      contentType: "application/pdf",
      filename,
      headers: { "Content-Length": String(pdf.length) },
    });
  },
};

export const bagTagRoute: StaffRouteDefinition<Params, Query, undefined> = {
  permission: "aftersales.intake",
  params,
  query,
  scope: "in-run",
  async handler({ db, staff, actor, locale, params, query }) {
    const { pdf, filename } = await createBagTag(db, staff, actor, params.id, renderIn(query.lang ?? locale));
    return download(new Uint8Array(pdf), {
      contentType: "application/pdf",
      filename,
      headers: { "Content-Length": String(pdf.length) },
    });
  },
};
