import { useFormatter, useTranslations } from "next-intl";
import type { TicketEventRow } from "@/lib/after-sales/tickets/queries";

/** The custody trail, newest first: every step, note and claim-code event with staff and time. */
export function TicketTimeline({ events, timeZone }: { events: TicketEventRow[]; timeZone: string }) {
  const t = useTranslations("afterSalesTickets");
  const format = useFormatter();
  if (events.length === 0) return <p className="text-sm text-stone-500">{t("timeline.empty")}</p>;
  return (
    <ol className="space-y-3" data-testid="ticket-timeline">
      {events.map((event) => (
        <li key={event.id} className="border-l-2 border-stone-200 pl-3">
          <p className="text-sm font-medium text-stone-900">
            {event.kind === "status" && event.fromStatus && event.toStatus
              ? t("timeline.status", {
                  from: t(`statuses.${event.fromStatus}`),
                  to: t(`statuses.${event.toStatus}`),
                })
              : t(`timeline.kinds.${event.kind}`)}
          </p>
          {event.note ? <p className="mt-1 text-sm whitespace-pre-wrap text-stone-800">{event.note}</p> : null}
          <p className="mt-1 text-xs text-stone-500">
            {format.dateTime(event.at, { dateStyle: "medium", timeStyle: "short", timeZone })} ·{" "}
            {event.staffName ?? t("timeline.system")}
          </p>
        </li>
      ))}
    </ol>
  );
}
