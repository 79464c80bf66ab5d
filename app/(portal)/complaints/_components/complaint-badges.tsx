import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import type { ComplaintSeverity, ComplaintStatus } from "@/lib/complaints/cases/schemas";
import type { SlaBadge as SlaBadgeData } from "@/lib/complaints/cases/queries";

const STATUS_TONES = {
  new: "info",
  acknowledged: "info",
  investigating: "warning",
  waiting_on_customer: "neutral",
  resolved: "success",
  closed: "neutral",
} as const;

const SEVERITY_TONES = { low: "neutral", medium: "info", high: "warning", critical: "danger" } as const;

export function ComplaintStatusBadge({ status }: { status: ComplaintStatus }) {
  const t = useTranslations("complaints");
  return <Badge tone={STATUS_TONES[status]}>{t(`statuses.${status}`)}</Badge>;
}

export function SeverityBadge({ severity }: { severity: ComplaintSeverity }) {
  const t = useTranslations("complaints");
  return <Badge tone={SEVERITY_TONES[severity]}>{t(`severities.${severity}`)}</Badge>;
}

/** Business time left (or over) on the clock that matters now: amber from 80 %, red once breached. */
export function SlaBadge({ sla }: { sla: SlaBadgeData | null }) {
  const t = useTranslations("complaints");
  if (!sla) return <span className="text-stone-400">—</span>;
  const minutes = Math.abs(sla.minutesLeft);
  const time = t("sla.duration", { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
  const tone = sla.breached ? "danger" : sla.warning ? "warning" : "success";
  return (
    <span className="inline-flex flex-col gap-0.5">
      <Badge tone={tone}>{sla.breached ? t("sla.over", { time }) : t("sla.left", { time })}</Badge>
      <span className="text-xs text-stone-500">
        {t(`sla.clocks.${sla.clock}`)}
        {sla.paused ? ` · ${t("sla.paused")}` : ""}
      </span>
    </span>
  );
}
