import { defineUseCase } from "@/lib/actions/use-case";
import { logContactSchema } from "./schemas";
import { logContact } from "./service";

/**
 * Logs a contact on the member's 360° view (members.write, like the other clienteling writes there).
 * The store is the member's home store, checked on the member row the service reads anyway.
 */
export const logContactUseCase = defineUseCase({
  permission: "members.write",
  input: logContactSchema,
  scope: "in-run",
  run: ({ db, staff, actor, input }) => logContact(db, staff, actor, input),
  revalidate: (_input, output) => [`/members/${output.memberId}`],
});
