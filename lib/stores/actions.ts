"use server";

import { defineAction } from "@/lib/actions/define-action";
import { storeFormSchema, updateStoreSchema } from "./schemas";
import { createStore, updateStore } from "./service";

export const createStoreAction = defineAction({
  permission: "stores.manage",
  input: storeFormSchema,
  revalidate: ["/admin/stores"],
  run: ({ actor, input, db }) => createStore(db, actor, input),
});

export const updateStoreAction = defineAction({
  permission: "stores.manage",
  input: updateStoreSchema,
  storeId: (input) => input.id,
  revalidate: ["/admin/stores"],
  run: ({ actor, input, db }) => updateStore(db, actor, input),
});
