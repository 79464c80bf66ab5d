"use client";

import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import type { EventStatus, RsvpStatus } from "@/lib/events/schemas";

const EVENT_TONES = { draft: "neutral", open: "success", closed: "info", cancelled: "danger" } as const;
const RSVP_TONES = { invited: "neutral", accepted: "success", waitlisted: "warning", declined: "danger" } as const;

export function EventStatusBadge({ status }: { status: EventStatus }) {
  const t = useTranslations("events.statuses");
  return <Badge tone={EVENT_TONES[status]}>{t(status)}</Badge>;
}

export function RsvpStatusBadge({ status }: { status: RsvpStatus }) {
  const t = useTranslations("events.rsvpStatuses");
  return <Badge tone={RSVP_TONES[status]}>{t(status)}</Badge>;
}
