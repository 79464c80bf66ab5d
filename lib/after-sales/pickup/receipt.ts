import type { Db } from "@/db/client";
import { auditTicket } from "@/lib/after-sales/tickets/service";
import type { Actor } from "@/lib/audit/service";
import { authorize, type StaffPrincipal } from "@/lib/auth/policy";
import type { Locale } from "@/lib/i18n/config";
import { loadPickupReceipt, type PickupReceipt } from "./queries";
import { loadPickupReceiptLabels } from "./receipt-labels";
import { renderPickupReceiptPdf } from "./receipt-pdf";

/**
 * The pickup receipt as the download route serves it: `aftersales.read` (else forbidden), the
 * ticket in the staff member's stores (else not found), picked up (else conflict). Each download
 * is audited (`after_sales.ticket.pickup_receipt`, with the language; no personal data).
 */
export async function createPickupReceiptPdf(
  db: Db,
  staff: StaffPrincipal,
  actor: Actor,
  ticketId: string,
  locale: Locale,
  now: Date = new Date(),
): Promise<{ filename: string; pdf: Buffer; receipt: PickupReceipt }> {
  authorize(staff, "aftersales.read");
  const receipt = await loadPickupReceipt(db, staff, ticketId);
  const pdf = await renderPickupReceiptPdf(receipt, loadPickupReceiptLabels(locale), locale, now);
  await auditTicket(
    db,
    actor,
    "after_sales.ticket.pickup_receipt",
    { id: receipt.ticketId, storeId: receipt.store.id },
    {
      locale,
    },
  );
  return { filename: `pickup-${receipt.reference.toLowerCase()}.pdf`, pdf, receipt };
}
