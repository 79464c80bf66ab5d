"use server";

import { defineAction } from "@/lib/actions/define-action";
import { eraseMember } from "./erasure";
import { mergeMembers } from "./merge";
import { eraseMemberSchema, mergeMembersSchema } from "./privacy-admin-schemas";

/** Folds duplicates into the surviving member (every member-owned row moves); audited `member.merge`. */
export const mergeMembersAction = defineAction({
  permission: "members.merge",
  input: mergeMembersSchema,
  revalidate: ["/members", "/members/duplicates"],
  run: ({ staff, actor, input, db }) => mergeMembers(db, staff, actor, input),
});

/** Anonymises a member on request (PIPL) after a typed confirmation; irreversible; audited `member.erase`. */
export const eraseMemberAction = defineAction({
  permission: "members.erase",
  input: eraseMemberSchema,
  revalidate: ["/members"],
  run: ({ staff, actor, input, db }) => eraseMember(db, staff, actor, input),
});
