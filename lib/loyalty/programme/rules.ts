import { z } from "zod";
import type { SettingDefinition } from "@/lib/settings/versioned";
import { DEFAULT_TIME_ZONE, localDate } from "@/lib/time";

/**
 * The programme's numbers, as versioned settings (defaults from docs/domain.md), and the arithmetic
 * every feature shares. Multipliers are exact decimals written as strings ("1.5") and computed in
 * integer hundredths, never as floats. No server imports: forms use the tier codes and the zone.
 */

/** The programme is mall-wide: effective times an admin types are read and shown in head-office time. */
export const PROGRAMME_TIME_ZONE = DEFAULT_TIME_ZONE;

export const TIER_CODES = ["normal", "silver", "gold", "diamond"] as const;
export type TierCode = (typeof TIER_CODES)[number];

const decimal = z.string().regex(/^\d{1,2}(\.\d{1,2})?$/, "decimal");

export const tierDefinitionSchema = z.object({
  code: z.enum(TIER_CODES),
  /** Rolling 12-month net spend that reaches this tier, fen. */
  thresholdFen: z.number().int().min(0),
  multiplier: decimal,
  /** Free parking hours a visit of this tier gets. */
  parkingHours: z.number().int().min(0).max(24),
});
export type TierDefinition = z.infer<typeof tierDefinitionSchema>;

export const tierProgrammeSchema = z
  .object({ tiers: z.array(tierDefinitionSchema).length(TIER_CODES.length) })
  .refine((p) => p.tiers.every((tier, i) => tier.code === TIER_CODES[i]), { message: "tierOrder", path: ["tiers"] })
  .refine((p) => p.tiers[0]!.thresholdFen === 0, { message: "baseTierThreshold", path: ["tiers"] })
  .refine((p) => p.tiers.every((tier, i) => i === 0 || tier.thresholdFen > p.tiers[i - 1]!.thresholdFen), {
    message: "thresholdsAscending",
    path: ["tiers"],
  });
export type TierProgramme = z.infer<typeof tierProgrammeSchema>;

export const TIER_PROGRAMME: SettingDefinition<TierProgramme> = {
  key: "loyalty.tiers",
  schema: tierProgrammeSchema,
  defaults: {
    tiers: [
      { code: "normal", thresholdFen: 0, multiplier: "1.0", parkingHours: 0 },
      { code: "silver", thresholdFen: 500_000, multiplier: "1.2", parkingHours: 2 },
      { code: "gold", thresholdFen: 2_000_000, multiplier: "1.5", parkingHours: 2 },
      { code: "diamond", thresholdFen: 5_000_000, multiplier: "2.0", parkingHours: 4 },
    ],
  },
};

export const campaignSchema = z.object({
  code: z.string().trim().min(1).max(40),
  name: z.string().trim().min(1).max(80),
  /** Inclusive local dates (store time zone). */
  startsOn: z.iso.date(),
  endsOn: z.iso.date(),
  /** Extra multiplier on the earning base: "0.5" gives half a point more per yuan. */
  extraMultiplier: decimal,
  /** Only transactions whose base reaches this earn the bonus, fen. */
  minBaseFen: z.number().int().min(0).default(0),
  /** Empty: every store. */
  storeIds: z.array(z.uuid()).default([]),
});
export type Campaign = z.infer<typeof campaignSchema>;

export const earnRulesSchema = z.object({
  /** Manual adjustments larger than this (in absolute points) wait for a manager. */
  adjustmentApprovalThreshold: z.number().int().min(0),
  parkingPointsPerHour: z.number().int().min(1),
  /** Points worth one yuan when offsetting cash (100 points = ¥1). */
  cashOffsetPointsPerYuan: z.number().int().min(1),
  surveyPoints: z.number().int().min(0),
  referralPoints: z.number().int().min(0),
  campaigns: z.array(campaignSchema),
});
export type EarnRules = z.infer<typeof earnRulesSchema>;

export const EARN_RULES: SettingDefinition<EarnRules> = {
  key: "loyalty.rules",
  schema: earnRulesSchema,
  defaults: {
    adjustmentApprovalThreshold: 5000,
    parkingPointsPerHour: 200,
    cashOffsetPointsPerYuan: 100,
    surveyPoints: 50,
    referralPoints: 500,
    campaigns: [],
  },
};

/** "1.5" → 150: multipliers in integer hundredths. */
export function hundredths(multiplier: string): number {
  const [whole, fraction = ""] = multiplier.split(".");
  return Number(whole) * 100 + Number((fraction + "00").slice(0, 2));
}

/** floor(baseFen × multiplier / 100), exactly: points for a base in fen. */
export function pointsFor(baseFen: number, multiplier: string): number {
  if (baseFen <= 0) return 0;
  return Number((BigInt(baseFen) * BigInt(hundredths(multiplier))) / 10_000n);
}

export function tierIndex(code: string): number {
  const index = TIER_CODES.indexOf(code as TierCode);
  return index < 0 ? 0 : index;
}

/** The highest tier whose threshold the spend reaches. */
export function tierForSpend(programme: TierProgramme, spendFen: number): TierDefinition {
  let reached = programme.tiers[0]!;
  for (const tier of programme.tiers) if (spendFen >= tier.thresholdFen) reached = tier;
  return reached;
}

export function tierDefinition(programme: TierProgramme, code: string): TierDefinition {
  return programme.tiers.find((tier) => tier.code === code) ?? programme.tiers[0]!;
}

/**
 * Campaign bonus points for a purchase: each campaign running on the purchase's local date (store
 * time zone) in its store, whose minimum base is reached, adds floor(base × extra multiplier),
 * computed and floored apart from the tier points.
 */
export function campaignBonus(
  rules: EarnRules,
  sale: { baseFen: number; storeId: string; occurredAt: Date; timeZone: string },
): number {
  if (rules.campaigns.length === 0) return 0;
  const day = localDate(sale.occurredAt, sale.timeZone);
  return rules.campaigns
    .filter((c) => c.startsOn <= day && day <= c.endsOn)
    .filter((c) => c.storeIds.length === 0 || c.storeIds.includes(sale.storeId))
    .filter((c) => sale.baseFen >= c.minBaseFen)
    .reduce((sum, c) => sum + pointsFor(sale.baseFen, c.extraMultiplier), 0);
}
