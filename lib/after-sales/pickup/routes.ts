import { z } from "zod";
import { download, type StaffRouteDefinition } from "@/lib/api/staff-route";
import { LOCALES } from "@/lib/i18n/config";
import { createPickupReceiptPdf } from "./receipt";

/**
 * The pickup receipt download, behind the staff session (app/(portal)/after-sales/tickets/[id]/
 * pickup-receipt wraps it with staffRoute): a GET a browser marks cross-site is refused before
 * anything runs (it would set off an audited download with the staff member's cookie), then
 * session, `aftersales.read`, the id (404 when it is not one), `?lang=` (zh-CN or en; default: the
 * staff member's language) and the ticket in the staff member's stores (404). Audited.
 */

const params = z.object({ id: z.uuid() });
const query = z.object({ lang: z.enum(LOCALES).optional() });

export const pickupReceiptPdfRoute: StaffRouteDefinition<typeof params, typeof query, undefined> = {
  permission: "aftersales.read",
  params,
  query,
  // The receipt's query is limited to the staff member's stores.
  scope: "in-run",
  async handler({ db, staff, actor, locale, params, query }) {
    const { pdf, filename } = await createPickupReceiptPdf(db, staff, actor, params.id, query.lang ?? locale);
    return download(new Uint8Array(pdf), {
      contentType: "application/pdf",
      filename,
      headers: { "Content-Length": String(pdf.length) },
    });
  },
};
