import { staffRoute } from "@/lib/api/staff-route";
import { visitConfirmationIcsRoute } from "@/lib/appointments/confirmation/routes";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * GET /appointments/{id}/confirmation.ics?lang=zh-CN|en: the visit as a calendar event (iCalendar),
 * under the same rules as the PDF confirmation (appointments.read, store scope, a cross-site GET
 * refused; audited). See lib/appointments/confirmation/routes.ts.
 */
export const GET = staffRoute(visitConfirmationIcsRoute);
