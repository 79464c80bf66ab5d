import { defineUseCase } from "@/lib/actions/use-case";
import { eraseMemberSchema } from "./schemas";
import { eraseMember } from "./service";

/** Anonymises a member on request (PIPL) after a typed confirmation; irreversible; audited `member.erase`. */
export const eraseMemberOnRequestUseCase = defineUseCase({
  permission: "members.erase",
  input: eraseMemberSchema,
  // The member row is locked inside the staff member's stores by the erasure itself.
  scope: "in-run",
  revalidate: () => ["/members"],
  run: ({ db, staff, actor, input }) => eraseMember(db, staff, actor, input),
});
