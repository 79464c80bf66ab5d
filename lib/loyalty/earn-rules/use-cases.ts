import { defineUseCase } from "@/lib/actions/use-case";
import { earnRulesFormSchema } from "./schemas";
import { saveEarnRules } from "./service";

/** loyalty.rules.manage: a new version of the earn rules, now or later (audited settings.save). */
export const saveEarnRulesUseCase = defineUseCase({
  permission: "loyalty.rules.manage",
  input: earnRulesFormSchema,
  // The rules are mall-wide, not a store's.
  scope: "global",
  revalidate: () => ["/loyalty/rules"],
  run: ({ actor, input, db }) => saveEarnRules(db, actor, input),
});
