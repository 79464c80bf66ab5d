import { defineUseCase } from "@/lib/actions/use-case";
import { mergeMembersSchema } from "./schemas";
import { mergeMembers } from "./service";

/** Folds duplicates into the surviving member (every member-owned row moves); audited `member.merge`. */
export const mergeDuplicatesUseCase = defineUseCase({
  permission: "members.merge",
  input: mergeMembersSchema,
  // Every member involved is locked inside the staff member's stores by the merge itself.
  scope: "in-run",
  revalidate: () => ["/members", "/members/duplicates"],
  run: ({ db, staff, actor, input }) => mergeMembers(db, staff, actor, input),
});
