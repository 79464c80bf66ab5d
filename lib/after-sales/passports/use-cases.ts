import { defineUseCase } from "@/lib/actions/use-case";
import { memberPurchases } from "./queries";
import { memberIdSchema, registerItemSchema, updateItemSchema } from "./schemas";
import { registerItem, updateItem } from "./service";

// Item passports (docs/domain.md#jewelry-after-sales). Registering acts on the store it
// names; an edit is scoped by the piece's member (the service locks the piece in the staff
// member's scope: another store's member's piece is not found).

const pagesOf = (output: { itemId: string; memberId: string }) => [
  `/after-sales/items/${output.itemId}`,
  `/members/${output.memberId}`,
];

export const registerItemUseCase = defineUseCase({
  permission: "aftersales.intake",
  input: registerItemSchema,
  scope: ({ input }) => input.storeId,
  run: ({ staff, actor, input, db }) => registerItem(db, actor, staff, input),
  revalidate: (_input, output) => pagesOf(output),
});

export const updateItemUseCase = defineUseCase({
  permission: "aftersales.intake",
  input: updateItemSchema,
  scope: "in-run",
  run: ({ staff, actor, input, db }) => updateItem(db, actor, staff, input),
  revalidate: (_input, output) => pagesOf(output),
});

/** The member's purchases and their lines, for the forms that register a piece from one (a read). */
export const memberPurchasesUseCase = defineUseCase({
  permission: "aftersales.intake",
  input: memberIdSchema,
  scope: "in-run",
  run: ({ staff, input, db }) => memberPurchases(db, staff, input.memberId),
});
