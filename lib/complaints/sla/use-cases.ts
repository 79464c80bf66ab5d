import { defineUseCase } from "@/lib/actions/use-case";
import { slaPolicyFormSchema } from "./schemas";
import { saveSlaPolicy } from "./service";

/** settings.manage (admins): a new version of the complaints SLA policy (audited settings.save). */
export const saveSlaPolicyUseCase = defineUseCase({
  permission: "settings.manage",
  input: slaPolicyFormSchema,
  // The policy is mall-wide, not a store's.
  scope: "global",
  revalidate: () => ["/complaints/sla-policy"],
  run: ({ actor, input, db }) => saveSlaPolicy(db, actor, input),
});
