import { defineUseCase } from "@/lib/actions/use-case";
import {
  consentChangeSchema,
  createMemberSchema,
  issueMemberCardSchema,
  setTagsSchema,
  updateMemberSchema,
} from "./schemas";
import { createMember, issueMemberCard, recordConsentChange, setTags, updateMember } from "./service";

// Every write below except registration acts on an existing member: its store is checked on the
// member row the business function reads anyway (memberInScopeOrThrow), hence "in-run".

export const registerMemberUseCase = defineUseCase({
  permission: "members.write",
  input: createMemberSchema,
  scope: ({ input }) => input.homeStoreId,
  revalidate: () => ["/members"],
  run: ({ db, staff, actor, input }) => createMember(db, staff, actor, input),
});

export const editMemberUseCase = defineUseCase({
  permission: "members.write",
  input: updateMemberSchema,
  // The home store the member will have; the member's current store is checked in run.
  scope: ({ input }) => input.homeStoreId,
  revalidate: () => ["/members"],
  run: ({ db, staff, actor, input }) => updateMember(db, staff, actor, input),
});

export const issueMemberCardUseCase = defineUseCase({
  permission: "members.write",
  input: issueMemberCardSchema,
  scope: "in-run",
  run: ({ db, staff, actor, input }) => issueMemberCard(db, staff, actor, input),
});

export const setMemberTagsUseCase = defineUseCase({
  permission: "members.write",
  input: setTagsSchema,
  scope: "in-run",
  run: ({ db, staff, actor, input }) => setTags(db, staff, actor, input),
});

export const recordMemberConsentUseCase = defineUseCase({
  permission: "members.write",
  input: consentChangeSchema,
  scope: "in-run",
  run: ({ db, staff, actor, input }) => recordConsentChange(db, staff, actor, input),
});
