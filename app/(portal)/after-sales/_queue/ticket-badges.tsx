import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import type { ServiceTicketStatus } from "@/lib/after-sales/tickets/transitions";

const STATUS_TONES = {
  received: "info",
  at_workshop: "warning",
  in_repair: "warning",
  quality_check: "info",
  ready_for_pickup: "success",
  picked_up: "neutral",
  closed: "neutral",
  cancelled: "danger",
} as const satisfies Record<ServiceTicketStatus, string>;

export function TicketStatusBadge({ status }: { status: ServiceTicketStatus }) {
  const t = useTranslations("afterSalesTickets");
  return <Badge tone={STATUS_TONES[status]}>{t(`statuses.${status}`)}</Badge>;
}

export function OverdueBadge() {
  const t = useTranslations("afterSalesTickets");
  return <Badge tone="danger">{t("overdue")}</Badge>;
}

export function ClaimLockedBadge() {
  const t = useTranslations("afterSalesTickets");
  return <Badge tone="danger">{t("claimLocked")}</Badge>;
}
