import { defineUseCase } from "@/lib/actions/use-case";
import { storeFormSchema, updateStoreSchema } from "./schemas";
import { createStore, updateStore } from "./service";

const STORE_LIST = () => ["/admin/stores"];

export const createStoreUseCase = defineUseCase({
  permission: "stores.manage",
  input: storeFormSchema,
  scope: "global",
  revalidate: STORE_LIST,
  run: ({ actor, input, db }) => createStore(db, actor, input),
});

export const updateStoreUseCase = defineUseCase({
  permission: "stores.manage",
  input: updateStoreSchema,
  scope: ({ input }) => input.id,
  revalidate: STORE_LIST,
  run: ({ actor, input, db }) => updateStore(db, actor, input),
});
