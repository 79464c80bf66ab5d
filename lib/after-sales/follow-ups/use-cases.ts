import { defineUseCase } from "@/lib/actions/use-case";
import { logFollowUpCallSchema } from "./schemas";
import { logFollowUpCall } from "./service";

// Follow-up calls (docs/domain.md#jewelry-after-sales). Scope "in-run": the service locks the call
// anyway and finds it only in the staff member's stores (another store's call is not found).

export const logFollowUpCallUseCase = defineUseCase({
  permission: "aftersales.calls",
  input: logFollowUpCallSchema,
  scope: "in-run",
  // A low score runs complaint intake, which queues on the day's reference lock; a deadlock report is retried.
  retries: 3,
  run: ({ staff, actor, input, db }) => logFollowUpCall(db, actor, staff, input),
  revalidate: (_input, output) => [
    "/after-sales/calls",
    ...(output.complaintId ? ["/complaints", `/complaints/${output.complaintId}`] : []),
  ],
});
