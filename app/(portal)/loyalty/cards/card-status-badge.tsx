import { Badge } from "@/components/ui/badge";
import type { CardStatus } from "@/lib/loyalty/stored-value/schemas";

const TONES = { active: "success", frozen: "warning", replaced: "neutral", closed: "danger" } as const;

/** A card's status; the label comes from the caller (storedValue.statuses.*), so that server and client components can both use it. */
export function CardStatusBadge({ status, label }: { status: CardStatus; label: string }) {
  return <Badge tone={TONES[status]}>{label}</Badge>;
}
