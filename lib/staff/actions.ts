"use server";

import { defineAction } from "@/lib/actions/define-action";
import { createStaffSchema, staffIdSchema, updateStaffSchema } from "./schemas";
import { createStaff, resetStaffPassword, setStaffActive, updateStaff } from "./service";

export const createStaffAction = defineAction({
  permission: "staff.manage",
  input: createStaffSchema,
  revalidate: ["/admin/staff"],
  run: ({ actor, input, db }) => createStaff(db, actor, input),
});

export const updateStaffAction = defineAction({
  permission: "staff.manage",
  input: updateStaffSchema,
  revalidate: ["/admin/staff"],
  run: ({ actor, input, db }) => updateStaff(db, actor, input),
});

export const deactivateStaffAction = defineAction({
  permission: "staff.manage",
  input: staffIdSchema,
  revalidate: ["/admin/staff"],
  run: ({ actor, input, db }) => setStaffActive(db, actor, input.id, false),
});

export const reactivateStaffAction = defineAction({
  permission: "staff.manage",
  input: staffIdSchema,
  revalidate: ["/admin/staff"],
  run: ({ actor, input, db }) => setStaffActive(db, actor, input.id, true),
});

export const resetStaffPasswordAction = defineAction({
  permission: "staff.manage",
  input: staffIdSchema,
  run: ({ actor, input, db }) => resetStaffPassword(db, actor, input.id),
});
