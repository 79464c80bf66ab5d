import { defineUseCase } from "@/lib/actions/use-case";
import { createGiftSchema, giftIdSchema, restockGiftSchema, updateGiftSchema } from "./schemas";
import { createGift, restockGift, setGiftActive, updateGift } from "./service";

// The catalogue is the mall's, shared by every store: the permission alone decides.
const GIFT_PAGES = () => ["/loyalty/gifts"];

export const createGiftUseCase = defineUseCase({
  permission: "loyalty.gifts.manage",
  input: createGiftSchema,
  scope: "global",
  revalidate: GIFT_PAGES,
  run: ({ actor, input, db }) => createGift(db, actor, input),
});

export const updateGiftUseCase = defineUseCase({
  permission: "loyalty.gifts.manage",
  input: updateGiftSchema,
  scope: "global",
  revalidate: GIFT_PAGES,
  run: ({ actor, input, db }) => updateGift(db, actor, input),
});

export const restockGiftUseCase = defineUseCase({
  permission: "loyalty.gifts.manage",
  input: restockGiftSchema,
  scope: "global",
  revalidate: GIFT_PAGES,
  run: ({ actor, input, db }) => restockGift(db, actor, input),
});

export const deactivateGiftUseCase = defineUseCase({
  permission: "loyalty.gifts.manage",
  input: giftIdSchema,
  scope: "global",
  revalidate: GIFT_PAGES,
  run: ({ actor, input, db }) => setGiftActive(db, actor, input.id, false),
});

export const activateGiftUseCase = defineUseCase({
  permission: "loyalty.gifts.manage",
  input: giftIdSchema,
  scope: "global",
  revalidate: GIFT_PAGES,
  run: ({ actor, input, db }) => setGiftActive(db, actor, input.id, true),
});
