"use server";

import { defineAction } from "@/lib/actions/define-action";
import { grantTierUseCase, previewTierProgrammeUseCase, saveTierProgrammeUseCase } from "./tiers";

/** Manager: grant a tier by hand until a date, with a reason (audited loyalty.tier_grant). */
export const grantTierAction = defineAction(grantTierUseCase);

/** Admin: save a new version of the tier programme, effective now or later (audited settings.save). */
export const saveTierProgrammeAction = defineAction({ ...saveTierProgrammeUseCase, revalidate: ["/loyalty/tiers"] });

/** Admin: the what-if before saving: how many members per tier would move under the proposed thresholds. */
export const previewTierProgrammeAction = defineAction(previewTierProgrammeUseCase);
