import { defineUseCase } from "@/lib/actions/use-case";
import { addPickSchema, purchaseLinkSchema, removePickSchema } from "./schemas";
import { addPick, linkPurchase, removePick, unlinkPurchase } from "./service";

// Store scope is the appointment's store, checked by the business functions on the row they lock
// anyway (another store's visit is "not found"): "in-run".
const pagesOf = (appointmentId: string) => [`/appointments/${appointmentId}/prepare`, `/appointments/${appointmentId}`];

/** appointments.book: puts a piece on the visit's tray. */
export const addPickUseCase = defineUseCase({
  permission: "appointments.book",
  input: addPickSchema,
  scope: "in-run",
  run: ({ staff, actor, input, db }) => addPick(db, staff, actor, input),
  revalidate: (input) => pagesOf(input.appointmentId),
});

/** appointments.book: takes a piece off the tray. */
export const removePickUseCase = defineUseCase({
  permission: "appointments.book",
  input: removePickSchema,
  scope: "in-run",
  run: ({ staff, actor, input, db }) => removePick(db, staff, actor, input),
  revalidate: (input) => pagesOf(input.appointmentId),
});

/** appointments.book: attributes one of the member's purchases to a visit that took place. */
export const linkPurchaseUseCase = defineUseCase({
  permission: "appointments.book",
  input: purchaseLinkSchema,
  scope: "in-run",
  run: ({ staff, actor, input, db }) => linkPurchase(db, staff, actor, input),
  revalidate: (input) => pagesOf(input.appointmentId),
});

/** appointments.book: takes a purchase off a visit. */
export const unlinkPurchaseUseCase = defineUseCase({
  permission: "appointments.book",
  input: purchaseLinkSchema,
  scope: "in-run",
  run: ({ staff, actor, input, db }) => unlinkPurchase(db, staff, actor, input),
  revalidate: (input) => pagesOf(input.appointmentId),
});
