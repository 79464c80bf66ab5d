import { staffRoute } from "@/lib/api/staff-route";
import { visitConfirmationPdfRoute } from "@/lib/appointments/confirmation/routes";

// @react-pdf/renderer reads the fonts from disk and renders with Node APIs.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * GET /appointments/{id}/confirmation.pdf?lang=zh-CN|en: the visit's confirmation as a PDF download
 * (appointments.read, the appointment in the staff member's stores, a cross-site GET refused;
 * audited). See lib/appointments/confirmation/routes.ts.
 */
export const GET = staffRoute(visitConfirmationPdfRoute);
