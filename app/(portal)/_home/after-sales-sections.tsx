import { useFormatter, useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import type { FollowUpCallRow } from "@/lib/after-sales/follow-ups/queries";
import type { TicketListRow } from "@/lib/after-sales/tickets/queries";
import type { HomeList } from "@/lib/home/queries";
import type { HomeSection as HomeSectionId } from "@/lib/home/sections";
import { OverdueBadge, TicketStatusBadge } from "../after-sales/_queue/ticket-badges";
import { calendarInstant, HomeRow, HomeSection } from "./home-section";

/** The after-sales desk's sections: the ticket queue, the overdue tickets and the follow-up calls due. */

export function TicketsSection({
  id,
  list,
  href,
}: {
  id: Extract<HomeSectionId, "ticketQueue" | "overdueTickets">;
  list: HomeList<TicketListRow>;
  href: string;
}) {
  const t = useTranslations("home");
  const tTickets = useTranslations("afterSalesTickets");
  const format = useFormatter();
  return (
    <HomeSection
      id={id}
      total={list.total}
      shown={list.rows.length}
      attention={id === "overdueTickets"}
      seeAllHref={href}
    >
      {list.rows.map((row) => (
        <HomeRow
          key={row.id}
          href={`/after-sales/tickets/${row.id}`}
          primary={`${row.reference} · ${row.itemName}`}
          secondary={`${tTickets(`serviceTypes.${row.serviceType}`)} · ${row.memberName || t("erasedMember")} · ${t(
            "promisedOn",
            { date: format.dateTime(calendarInstant(row.promisedOn), { dateStyle: "medium", timeZone: "UTC" }) },
          )}`}
          aside={
            <>
              <TicketStatusBadge status={row.status} />
              {row.overdue ? <OverdueBadge /> : null}
            </>
          }
        />
      ))}
    </HomeSection>
  );
}

export function FollowUpCallsSection({ list }: { list: HomeList<FollowUpCallRow> & { overdue: number } }) {
  const t = useTranslations("home");
  const tCalls = useTranslations("afterSalesCalls");
  const format = useFormatter();
  const day = (value: string) => format.dateTime(calendarInstant(value), { dateStyle: "medium", timeZone: "UTC" });
  return (
    <HomeSection
      id="followUpCalls"
      total={list.total}
      shown={list.rows.length}
      attention={list.overdue > 0}
      summary={t("sections.followUpCalls.summary", { overdue: list.overdue })}
      seeAllHref="/after-sales/calls"
    >
      {list.rows.map((row) => (
        <HomeRow
          key={row.id}
          href={`/members/${row.memberId}`}
          primary={`${tCalls(`kinds.${row.kind}`)} · ${row.memberErased ? t("erasedMember") : row.memberName}`}
          secondary={`${row.itemName}${row.ticketReference ? ` · ${row.ticketReference}` : ""} · ${
            row.overdue ? t("overdueSince", { date: day(row.dueOn) }) : t("dueOn", { date: day(row.dueOn) })
          }`}
          aside={
            row.overdue ? <Badge tone="danger">{t("overdue")}</Badge> : <Badge tone="warning">{t("dueToday")}</Badge>
          }
        />
      ))}
    </HomeSection>
  );
}
