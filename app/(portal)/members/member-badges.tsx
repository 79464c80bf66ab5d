import { Badge } from "@/components/ui/badge";

const TIER_TONES: Record<string, "neutral" | "info" | "warning" | "success"> = {
  normal: "neutral",
  silver: "info",
  gold: "warning",
  diamond: "success",
};

/** A tier as a coloured badge (the label comes translated from the caller). */
export function TierBadge({ tier, label }: { tier: string; label: string }) {
  return <Badge tone={TIER_TONES[tier] ?? "neutral"}>{label}</Badge>;
}
