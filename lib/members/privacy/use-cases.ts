import { defineUseCase } from "@/lib/actions/use-case";
import { revealContactSchema } from "./schemas";
import { revealMemberContact } from "./service";

/** Returns the requested contact fields unmasked and writes `member.reveal` to the audit log. */
export const revealContactUseCase = defineUseCase({
  permission: "members.reveal",
  input: revealContactSchema,
  // The member's store is checked on the member row the reveal reads anyway (memberInScopeOrThrow).
  scope: "in-run",
  run: ({ db, staff, actor, input }) => revealMemberContact(db, staff, actor, input),
});
