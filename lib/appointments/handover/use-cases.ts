import { defineUseCase } from "@/lib/actions/use-case";
import { handoverSchema } from "./schemas";
import { handOver } from "./service";

/**
 * appointments.handover (managers): one advisor's clients, future visits and open tasks at a store to
 * another advisor of it. Locks both advisors like a booking: run again on a deadlock.
 */
export const handoverUseCase = defineUseCase({
  permission: "appointments.handover",
  input: handoverSchema,
  scope: ({ input }) => input.storeId,
  retries: 3,
  run: ({ actor, input, db }) => handOver(db, actor, input),
  revalidate: (input) => (input.dryRun ? [] : ["/appointments", "/members", "/tasks"]),
});
