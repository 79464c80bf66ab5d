import { z } from "zod";
import { download, type StaffRouteDefinition } from "@/lib/api/staff-route";
import { LOCALES, type Locale } from "@/lib/i18n/config";
import { loadConfirmationLabels } from "./labels";
import { createVisitConfirmationIcs, createVisitConfirmationPdf } from "./service";

/**
 * The confirmation downloads of a visit, behind the staff session (app/(portal)/appointments/[id]/
 * confirmation.pdf and confirmation.ics wrap these with staffRoute): the same rules as the member
 * statement — a GET a browser marks cross-site is refused before anything runs (it would set off
 * an audited download with the staff member's cookie), then session, `appointments.read`, the id
 * (404 when it is not one), `?lang=` (zh-CN or en; default: the staff member's language) and the
 * appointment in the staff member's stores (404). Each download is audited.
 */

const params = z.object({ id: z.uuid() });
const query = z.object({ lang: z.enum(LOCALES).optional() });

type Params = typeof params;
type Query = typeof query;

const renderIn = (locale: Locale) => ({ labels: loadConfirmationLabels(locale), locale });

export const visitConfirmationPdfRoute: StaffRouteDefinition<Params, Query, undefined> = {
  permission: "appointments.read",
  params,
  query,
  // The confirmation's query is limited to the staff member's stores.
  scope: "in-run",
  async handler({ db, staff, actor, locale, params, query }) {
    const { pdf, filename } = await createVisitConfirmationPdf(
      db,
      staff,
      actor,
      params.id,
      renderIn(query.lang ?? locale),
    );
    return download(new Uint8Array(pdf), {
      contentType: "application/pdf",
      filename,
      headers: { "Content-Length": String(pdf.length) },
    });
  },
};

export const visitConfirmationIcsRoute: StaffRouteDefinition<Params, Query, undefined> = {
  permission: "appointments.read",
  params,
  query,
  scope: "in-run",
  async handler({ db, staff, actor, locale, params, query }) {
    const { ics, filename } = await createVisitConfirmationIcs(
      db,
      staff,
      actor,
      params.id,
      renderIn(query.lang ?? locale),
    );
    return download(ics, { contentType: "text/calendar; charset=utf-8", filename });
  },
};
