import { defineUseCase } from "@/lib/actions/use-case";
import { saveTierProgramme, tierWhatIf } from "./programme";
import { grantTierSchema, tierProgrammeFormSchema, toTierProgramme } from "./schemas";
import { grantTier } from "./service";

/** Manager: grant a tier by hand until a date, with a reason (audited loyalty.tier_grant). */
export const grantTierUseCase = defineUseCase({
  permission: "loyalty.tiers.grant",
  input: grantTierSchema,
  // grantTier locks the member within the staff member's stores (another store's is not found).
  scope: "in-run",
  run: ({ staff, actor, input, db }) => grantTier(db, staff, actor, input),
});

// The programme is mall-wide, not a store's: the permission alone decides.

/** Admin: save a new version of the tier programme, effective now or later (audited settings.save). */
export const saveTierProgrammeUseCase = defineUseCase({
  permission: "loyalty.tiers.manage",
  input: tierProgrammeFormSchema,
  scope: "global",
  revalidate: () => ["/loyalty/tiers"],
  run: ({ actor, input, db }) => saveTierProgramme(db, actor, input),
});

/** Admin: the what-if before saving: how many members per tier would move under the proposed thresholds. */
export const previewTierProgrammeUseCase = defineUseCase({
  permission: "loyalty.tiers.manage",
  input: tierProgrammeFormSchema,
  scope: "global",
  run: ({ input, db }) => tierWhatIf(db, toTierProgramme(input)),
});
