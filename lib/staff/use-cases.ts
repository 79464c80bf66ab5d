import { defineUseCase } from "@/lib/actions/use-case";
import { rememberLocale } from "@/lib/i18n/locale-cookie";
import { createStaffSchema, localeSchema, newPasswordSchema, staffIdSchema, updateStaffSchema } from "./schemas";
import {
  changeOwnPassword,
  createStaff,
  resetStaffPassword,
  setOwnLocale,
  setStaffActive,
  updateStaff,
} from "./service";

// Staff accounts are not tied to one store: an administrator manages them all.
const STAFF_LIST = () => ["/admin/staff"];

export const createStaffAccountUseCase = defineUseCase({
  permission: "staff.manage",
  input: createStaffSchema,
  scope: "global",
  revalidate: STAFF_LIST,
  run: ({ actor, input, db }) => createStaff(db, actor, input),
});

export const updateStaffAccountUseCase = defineUseCase({
  permission: "staff.manage",
  input: updateStaffSchema,
  scope: "global",
  revalidate: STAFF_LIST,
  run: ({ actor, input, db }) => updateStaff(db, actor, input),
});

export const deactivateStaffAccountUseCase = defineUseCase({
  permission: "staff.manage",
  input: staffIdSchema,
  scope: "global",
  revalidate: STAFF_LIST,
  run: ({ actor, input, db }) => setStaffActive(db, actor, input.id, false),
});

export const reactivateStaffAccountUseCase = defineUseCase({
  permission: "staff.manage",
  input: staffIdSchema,
  scope: "global",
  revalidate: STAFF_LIST,
  run: ({ actor, input, db }) => setStaffActive(db, actor, input.id, true),
});

export const resetStaffAccountPasswordUseCase = defineUseCase({
  permission: "staff.manage",
  input: staffIdSchema,
  scope: "global",
  run: ({ actor, input, db }) => resetStaffPassword(db, actor, input.id),
});

/** The signed-in staff member's own language. */
export const setOwnLanguageUseCase = defineUseCase({
  permission: "account.manage",
  input: localeSchema,
  scope: "global",
  run: async ({ actor, input, db }) => {
    await setOwnLocale(db, actor, input.locale);
    return null;
  },
  afterCommit: (input) => rememberLocale(input.locale),
});

/** Ends every session of the account, this one included: the staff member signs in with the new password. */
export const changeOwnPasswordUseCase = defineUseCase({
  permission: "account.manage",
  input: newPasswordSchema,
  scope: "global",
  run: async ({ actor, input, db }) => {
    await changeOwnPassword(db, actor, input);
    return null;
  },
});
