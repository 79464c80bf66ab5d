"use server";

import { defineAction } from "@/lib/actions/define-action";
import { revealContact, revealContactSchema } from "./privacy";

/** Returns the requested contact fields unmasked and writes `member.reveal` to the audit log. */
export const revealMemberContactAction = defineAction({
  permission: "members.reveal",
  input: revealContactSchema,
  run: ({ staff, actor, input, db }) => revealContact(db, staff, actor, input),
});
