import type { Db } from "@/db/client";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import { authorize, type StaffPrincipal } from "@/lib/auth/policy";
import type { Locale } from "@/lib/i18n/config";
import { formatIn } from "@/lib/time";
import { visitConfirmationIcs } from "./ics";
import type { VisitConfirmationLabels } from "./labels";
import { renderVisitConfirmationPdf } from "./pdf";
import { loadVisitConfirmation, type VisitConfirmation } from "./queries";

/**
 * A visit's confirmation as the download routes serve it: `appointments.read` (else forbidden), the
 * appointment in the staff member's stores (else not found). Each file is audited
 * (`appointment.confirmation_pdf` / `appointment.confirmation_ics`, with the language; no personal
 * data): it leaves the system with the member's (masked) name and visit on it.
 */

export type ConfirmationRender = { labels: VisitConfirmationLabels; locale: Locale };

function baseFilename(confirmation: VisitConfirmation): string {
  const day = formatIn(confirmation.startsAt, "yyyyMMdd", confirmation.timeZone);
  return `appointment-${day}-${confirmation.reference.toLowerCase()}`;
}

async function audit(
  db: Db,
  actor: Actor,
  confirmation: VisitConfirmation,
  format: "pdf" | "ics",
  locale: Locale,
): Promise<void> {
  await recordAudit(db, {
    action: `appointment.confirmation_${format}`,
    ...byActor(actor),
    entityType: "appointment",
    entityId: confirmation.appointmentId,
    storeId: confirmation.store.id,
    details: { locale, status: confirmation.status, sequence: confirmation.sequence },
  });
}

export async function createVisitConfirmationPdf(
  db: Db,
  staff: StaffPrincipal,
  actor: Actor,
  appointmentId: string,
  render: ConfirmationRender,
  now: Date = new Date(),
): Promise<{ filename: string; pdf: Buffer; confirmation: VisitConfirmation }> {
  authorize(staff, "appointments.read");
  const confirmation = await loadVisitConfirmation(db, staff, appointmentId);
  const pdf = await renderVisitConfirmationPdf(confirmation, render.labels, render.locale, now);
  await audit(db, actor, confirmation, "pdf", render.locale);
  return { filename: `${baseFilename(confirmation)}.pdf`, pdf, confirmation };
}

export async function createVisitConfirmationIcs(
  db: Db,
  staff: StaffPrincipal,
  actor: Actor,
  appointmentId: string,
  render: ConfirmationRender,
  now: Date = new Date(),
): Promise<{ filename: string; ics: string; confirmation: VisitConfirmation }> {
  authorize(staff, "appointments.read");
  const confirmation = await loadVisitConfirmation(db, staff, appointmentId);
  const ics = visitConfirmationIcs(confirmation, render.labels, render.locale, now);
  await audit(db, actor, confirmation, "ics", render.locale);
  return { filename: `${baseFilename(confirmation)}.ics`, ics, confirmation };
}
