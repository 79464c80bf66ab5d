import { tz } from "@date-fns/tz";
import { format, isValid, parse } from "date-fns";
import { z } from "zod";
import { fenToYuanInput, parseYuanToFen } from "@/lib/money";
import { isBusinessDay } from "@/lib/time";
import { PROGRAMME_TIME_ZONE, TIER_CODES, type TierCode, type TierProgramme } from "../programme/rules";

/**
 * The tier administration's forms: zod schemas shared by the forms (client components) and the
 * server actions, and their exact conversions. No database access here, so the browser bundle can
 * import it; the business functions are in programme.ts and service.ts.
 */

const DATE_TIME_LOCAL = "yyyy-MM-dd'T'HH:mm";
const MULTIPLIER = /^\d{1,2}(\.\d{1,2})?$/;

export const tierFormRowSchema = z.object({
  code: z.enum(TIER_CODES),
  /** Yuan as typed ("20000", "19,999.50"): converted to fen by parsing the decimal text, never through a float. */
  thresholdYuan: z.string().trim(),
  multiplier: z.string().trim(),
  parkingHours: z.number({ error: "parkingHours" }).int("parkingHours").min(0, "parkingHours").max(24, "parkingHours"),
});

export const tierProgrammeFormSchema = z
  .object({
    tiers: z.array(tierFormRowSchema).length(TIER_CODES.length),
    /** Empty: now. Else `yyyy-MM-ddTHH:mm` (a datetime-local input) in PROGRAMME_TIME_ZONE; the future is allowed. */
    effectiveFrom: z.string().trim(),
  })
  .superRefine((value, ctx) => {
    let previous: number | null = null;
    value.tiers.forEach((row, i) => {
      if (row.code !== TIER_CODES[i])
        ctx.addIssue({ code: "custom", path: ["tiers", i, "code"], message: "tierOrder" });
      const fen = parseYuanToFen(row.thresholdYuan);
      if (fen === null) {
        ctx.addIssue({ code: "custom", path: ["tiers", i, "thresholdYuan"], message: "yuanAmount" });
      } else if (i === 0 && fen !== 0) {
        ctx.addIssue({ code: "custom", path: ["tiers", i, "thresholdYuan"], message: "baseTierThreshold" });
      } else if (i > 0 && previous !== null && fen <= previous) {
        ctx.addIssue({ code: "custom", path: ["tiers", i, "thresholdYuan"], message: "thresholdsAscending" });
      }
      previous = fen;
      if (!MULTIPLIER.test(row.multiplier))
        ctx.addIssue({ code: "custom", path: ["tiers", i, "multiplier"], message: "multiplierFormat" });
    });
    if (value.effectiveFrom !== "" && !isValid(parse(value.effectiveFrom, DATE_TIME_LOCAL, new Date()))) {
      ctx.addIssue({ code: "custom", path: ["effectiveFrom"], message: "dateTimeInvalid" });
    } else if (value.effectiveFrom !== "" && !isBusinessDay(value.effectiveFrom.slice(0, 10))) {
      ctx.addIssue({ code: "custom", path: ["effectiveFrom"], message: "dateOutOfRange" });
    }
  });
export type TierProgrammeFormInput = z.input<typeof tierProgrammeFormSchema>;
export type TierProgrammeFormValues = z.output<typeof tierProgrammeFormSchema>;

/** The form's values as the versioned setting (thresholds in exact fen). Call after the schema passed. */
export function toTierProgramme(values: TierProgrammeFormValues): TierProgramme {
  return {
    tiers: values.tiers.map((row) => ({
      code: row.code,
      thresholdFen: parseYuanToFen(row.thresholdYuan) ?? 0,
      multiplier: row.multiplier,
      parkingHours: row.parkingHours,
    })),
  };
}

/** A programme as the form's starting values (effective now). */
export function programmeToForm(programme: TierProgramme): TierProgrammeFormInput {
  return {
    tiers: programme.tiers.map((tier) => ({
      code: tier.code,
      thresholdYuan: fenToYuanInput(tier.thresholdFen),
      multiplier: tier.multiplier,
      parkingHours: tier.parkingHours,
    })),
    effectiveFrom: "",
  };
}

/** The instant a new version takes effect: now when left empty, else the typed head-office time. */
export function effectiveInstant(values: Pick<TierProgrammeFormValues, "effectiveFrom">, now: Date): Date {
  if (values.effectiveFrom === "") return now;
  return new Date(parse(values.effectiveFrom, DATE_TIME_LOCAL, new Date(), { in: tz(PROGRAMME_TIME_ZONE) }).getTime());
}

/** A moment as the datetime-local text the form uses (head-office time). */
export function toDateTimeLocal(at: Date): string {
  return format(at, DATE_TIME_LOCAL, { in: tz(PROGRAMME_TIME_ZONE) });
}

/** Every tier above the base one can be granted. */
export const GRANTABLE_TIERS = ["silver", "gold", "diamond"] as const satisfies readonly TierCode[];

export const grantTierSchema = z.object({
  memberId: z.uuid(),
  tier: z.enum(GRANTABLE_TIERS, { error: "grantTierRequired" }),
  /** Last day the grant holds (inclusive), home-store time zone. */
  until: z.iso.date({ error: "dateInvalid", abort: true }).refine(isBusinessDay, { message: "dateOutOfRange" }),
  reason: z.string().trim().min(4, "grantReasonTooShort").max(500, "grantReasonTooLong"),
});
export type GrantTierFormInput = z.input<typeof grantTierSchema>;

/** What the what-if preview reports for each tier members hold now. */
export type TierMoveCounts = { up: number; down: number; stay: number };
export type TierWhatIfRow = {
  tier: (typeof TIER_CODES)[number];
  members: number;
  /** Under the proposed thresholds. */
  proposed: TierMoveCounts;
  /** Under the programme in force, for comparison (members already due to move). */
  inForce: TierMoveCounts;
};
export type TierWhatIf = {
  at: string;
  rows: TierWhatIfRow[];
  totals: { members: number; proposed: TierMoveCounts; inForce: TierMoveCounts };
};
