import { z } from "zod";
import { fenToYuanInput, parseYuanToFen } from "@/lib/money";
import { BUSINESS_DAY_MAX, BUSINESS_DAY_MIN, isBusinessDay } from "@/lib/time";
import { hundredths, type EarnRules } from "../programme/rules";

/**
 * The earn-rules form (a new version of the EARN_RULES setting), shared by the form and the server
 * action. Amounts a person types are text: the campaign's minimum base is yuan text converted to fen
 * by integer arithmetic, the extra multiplier an exact decimal string; no float touches either.
 * Kept free of server imports so that client components can use it.
 */

function wholeNumber(min: number, max: number) {
  return z.number({ error: "wholeNumberRequired" }).int({ error: "wholeNumberRequired" }).min(min).max(max);
}

/** Same shape as the setting's decimals ("0.5", "1", "1.25"), and more than zero: a campaign adds something. */
export const extraMultiplierSchema = z
  .string()
  .trim()
  .regex(/^\d{1,2}(\.\d{1,2})?$/, { message: "multiplierFormat" })
  .refine((value) => hundredths(value) > 0, { message: "multiplierPositive" });

export const yuanAmountSchema = z
  .string()
  .trim()
  .refine((value) => parseYuanToFen(value) !== null, { message: "yuanAmountFormat" });

export const campaignCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9_-]{1,39}$/, { message: "campaignCodeFormat" });

/** A campaign's first or last day, within the business's dates (lib/time.ts). */
const campaignDay = z.iso
  .date({ error: "dateInvalid", abort: true })
  .refine(isBusinessDay, { message: "dateOutOfRange" });

export const campaignFormSchema = z
  .object({
    code: campaignCodeSchema,
    name: z.string().trim().min(1).max(80),
    startsOn: campaignDay,
    endsOn: campaignDay,
    extraMultiplier: extraMultiplierSchema,
    /** Yuan, as typed ("0", "1,000", "199.50"). */
    minBaseYuan: yuanAmountSchema,
    /** Empty: every store. */
    storeIds: z.array(z.uuid()).max(200),
  })
  .refine((c) => c.endsOn >= c.startsOn, { message: "endsBeforeStarts", path: ["endsOn"] });
export type CampaignFormInput = z.input<typeof campaignFormSchema>;

/** A local date-time from <input type="datetime-local">, or empty for "now" (the top-up bonus rule's form uses it too). */
export const localDateTime = z
  .string()
  .trim()
  .regex(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})?$/, { message: "dateTimeInvalid", abort: true })
  // A day that does not exist (02-30) is the service's dateTimeInvalid; here only the range.
  .refine((value) => value === "" || (value >= BUSINESS_DAY_MIN && value.slice(0, 10) <= BUSINESS_DAY_MAX), {
    message: "dateOutOfRange",
  });

export const MAX_CAMPAIGNS = 50;

export const earnRulesFormSchema = z
  .object({
    /** When the version takes effect, in PROGRAMME_TIME_ZONE; empty means at once. */
    effectiveFrom: localDateTime,
    adjustmentApprovalThreshold: wholeNumber(0, 10_000_000),
    parkingPointsPerHour: wholeNumber(1, 100_000),
    cashOffsetPointsPerYuan: wholeNumber(1, 10_000),
    surveyPoints: wholeNumber(0, 100_000),
    referralPoints: wholeNumber(0, 1_000_000),
    campaigns: z.array(campaignFormSchema).max(MAX_CAMPAIGNS),
  })
  .superRefine((form, ctx) => {
    const seen = new Set<string>();
    form.campaigns.forEach((campaign, index) => {
      if (seen.has(campaign.code))
        ctx.addIssue({ code: "custom", message: "campaignCodeDuplicate", path: ["campaigns", index, "code"] });
      seen.add(campaign.code);
    });
  });
export type EarnRulesFormInput = z.input<typeof earnRulesFormSchema>;
export type EarnRulesFormOutput = z.output<typeof earnRulesFormSchema>;

/** The form's values as the setting stores them (the effective time is handled apart). */
export function earnRulesFromForm(form: EarnRulesFormOutput): EarnRules {
  return {
    adjustmentApprovalThreshold: form.adjustmentApprovalThreshold,
    parkingPointsPerHour: form.parkingPointsPerHour,
    cashOffsetPointsPerYuan: form.cashOffsetPointsPerYuan,
    surveyPoints: form.surveyPoints,
    referralPoints: form.referralPoints,
    campaigns: form.campaigns.map((campaign) => ({
      code: campaign.code,
      name: campaign.name,
      startsOn: campaign.startsOn,
      endsOn: campaign.endsOn,
      extraMultiplier: normaliseDecimal(campaign.extraMultiplier),
      minBaseFen: parseYuanToFen(campaign.minBaseYuan)!,
      storeIds: [...new Set(campaign.storeIds)],
    })),
  };
}

/** A setting version as form values, to start the next version from. */
export function earnRulesToForm(rules: EarnRules, effectiveFrom = ""): EarnRulesFormInput {
  return {
    effectiveFrom,
    adjustmentApprovalThreshold: rules.adjustmentApprovalThreshold,
    parkingPointsPerHour: rules.parkingPointsPerHour,
    cashOffsetPointsPerYuan: rules.cashOffsetPointsPerYuan,
    surveyPoints: rules.surveyPoints,
    referralPoints: rules.referralPoints,
    campaigns: rules.campaigns.map((campaign) => ({
      code: campaign.code,
      name: campaign.name,
      startsOn: campaign.startsOn,
      endsOn: campaign.endsOn,
      extraMultiplier: campaign.extraMultiplier,
      minBaseYuan: fenToYuanInput(campaign.minBaseFen),
      storeIds: [...campaign.storeIds],
    })),
  };
}

/** "00.50" → "0.5", "1.0" → "1": the same number written one way, digit by digit (no float). */
export function normaliseDecimal(value: string): string {
  const [whole = "0", fraction = ""] = value.split(".");
  const wholePart = whole.replace(/^0+(?=\d)/, "");
  const fractionPart = fraction.replace(/0+$/, "");
  return fractionPart ? `${wholePart}.${fractionPart}` : wholePart;
}
