import Link from "next/link";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import type { MemberOpenTicket } from "@/lib/after-sales/tickets/queries";
import { utcCalendarDay } from "@/lib/after-sales/tickets/schemas";
import { storeDisplayName } from "@/lib/stores/display";
import { OverdueBadge, TicketStatusBadge } from "./ticket-badges";

/**
 * A member's open service tickets, for the pages around a member (the visit preparation, the
 * complaint's 360° summary): the reference to the ticket, the piece and service, the status, the
 * promised date. Data comes as props (lib/after-sales/tickets/queries.ts#openTicketsForMember).
 */
export function MemberOpenTickets({ tickets }: { tickets: MemberOpenTicket[] }) {
  const t = useTranslations("afterSalesTickets");
  const format = useFormatter();
  const locale = useLocale();
  if (tickets.length === 0) return <p className="py-2 text-sm text-stone-500">{t("memberTickets.none")}</p>;
  return (
    <ul className="divide-y divide-stone-100 text-sm" data-testid="member-open-tickets">
      {tickets.map((ticket) => (
        <li key={ticket.id} className="py-2">
          <p className="flex flex-wrap items-center justify-between gap-2">
            <Link href={`/after-sales/tickets/${ticket.id}`} className="font-medium text-amber-800 hover:underline">
              {ticket.reference}
            </Link>
            <span className="flex flex-wrap gap-1">
              <TicketStatusBadge status={ticket.status} />
              {ticket.overdue ? <OverdueBadge /> : null}
            </span>
          </p>
          <p className="text-stone-800">
            {ticket.itemName} · {t(`serviceTypes.${ticket.serviceType}`)}
          </p>
          <p className="text-xs text-stone-500">
            {t("memberTickets.promised", {
              date: format.dateTime(utcCalendarDay(ticket.promisedOn), { dateStyle: "medium", timeZone: "UTC" }),
            })}{" "}
            · {storeDisplayName(ticket.store, locale)}
          </p>
        </li>
      ))}
    </ul>
  );
}
