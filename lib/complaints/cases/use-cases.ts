import type { Db } from "@/db/client";
import { defineUseCase } from "@/lib/actions/use-case";
import type { StaffPrincipal } from "@/lib/auth/policy";
import { markNotificationsRead } from "@/lib/complaints/escalation/service";
import { findComplaintMembers, memberRelations } from "./queries";
import {
  assignComplaintSchema,
  complaintMemberSearchSchema,
  complaintNoteSchema,
  complaintReasonSchema,
  contactAttemptSchema,
  logComplaintSchema,
  markNotificationReadSchema,
  memberRelationsSchema,
  resolveComplaintSchema,
  resumeComplaintSchema,
  simpleTransitionSchema,
} from "./schemas";
import { complaintStoreInScope, logComplaint } from "./service";
import {
  acknowledgeComplaint,
  addComplaintNote,
  assignComplaint,
  closeComplaint,
  logContactAttempt,
  pauseComplaint,
  reopenComplaint,
  resolveComplaint,
  resumeComplaint,
  startInvestigation,
} from "./transitions";

// Complaint intake and work (docs/domain.md#intake-work-and-escalation). Intake acts on the store it
// names; every other write on the complaint's store, looked up in the staff member's stores
// (another store's complaint is not found).

const pagesOf = (complaintId: string) => ["/complaints", `/complaints/${complaintId}`];
const inComplaintStore = (context: { db: Db; staff: StaffPrincipal; input: { complaintId: string } }) =>
  complaintStoreInScope(context.db, context.staff, context.input.complaintId);

export const logComplaintUseCase = defineUseCase({
  permission: "complaints.handle",
  input: logComplaintSchema,
  scope: ({ input }) => input.storeId,
  // Two intakes of one day queue on the reference's advisory lock; a deadlock report is retried.
  retries: 3,
  run: ({ staff, actor, input, db }) => logComplaint(db, actor, staff, input),
  revalidate: (_input, output) => pagesOf(output.complaintId),
});

export const assignComplaintUseCase = defineUseCase({
  permission: "complaints.handle",
  input: assignComplaintSchema,
  scope: inComplaintStore,
  run: ({ staff, actor, input, db }) => assignComplaint(db, actor, staff, input),
  revalidate: (input) => pagesOf(input.complaintId),
});

export const addComplaintNoteUseCase = defineUseCase({
  permission: "complaints.handle",
  input: complaintNoteSchema,
  scope: inComplaintStore,
  run: ({ staff, actor, input, db }) => addComplaintNote(db, actor, staff, input),
  revalidate: (input) => pagesOf(input.complaintId),
});

export const logContactAttemptUseCase = defineUseCase({
  permission: "complaints.handle",
  input: contactAttemptSchema,
  scope: inComplaintStore,
  run: ({ staff, actor, input, db }) => logContactAttempt(db, actor, staff, input),
  revalidate: (input) => pagesOf(input.complaintId),
});

/** Acknowledge, start investigating, close: the changes that need nothing but the complaint. */
export const changeComplaintStatusUseCase = defineUseCase({
  permission: "complaints.handle",
  input: simpleTransitionSchema,
  scope: inComplaintStore,
  run: ({ staff, actor, input, db }) => {
    switch (input.transition) {
      case "acknowledge":
        return acknowledgeComplaint(db, actor, staff, input.complaintId);
      case "investigate":
        return startInvestigation(db, actor, staff, input.complaintId);
      case "close":
        return closeComplaint(db, actor, staff, input.complaintId);
    }
  },
  revalidate: (input) => pagesOf(input.complaintId),
});

export const pauseComplaintUseCase = defineUseCase({
  permission: "complaints.handle",
  input: complaintReasonSchema,
  scope: inComplaintStore,
  run: ({ staff, actor, input, db }) => pauseComplaint(db, actor, staff, input),
  revalidate: (input) => pagesOf(input.complaintId),
});

export const resumeComplaintUseCase = defineUseCase({
  permission: "complaints.handle",
  input: resumeComplaintSchema,
  scope: inComplaintStore,
  run: ({ staff, actor, input, db }) => resumeComplaint(db, actor, staff, input),
  revalidate: (input) => pagesOf(input.complaintId),
});

export const resolveComplaintUseCase = defineUseCase({
  permission: "complaints.handle",
  input: resolveComplaintSchema,
  scope: inComplaintStore,
  run: ({ staff, actor, input, db }) => resolveComplaint(db, actor, staff, input),
  revalidate: (input) => pagesOf(input.complaintId),
});

export const reopenComplaintUseCase = defineUseCase({
  permission: "complaints.handle",
  input: complaintReasonSchema,
  scope: inComplaintStore,
  run: ({ staff, actor, input, db }) => reopenComplaint(db, actor, staff, input),
  revalidate: (input) => pagesOf(input.complaintId),
});

/** My own notifications: only the staff member's rows are touched, so no store is involved. */
export const markNotificationsReadUseCase = defineUseCase({
  permission: "complaints.read",
  input: markNotificationReadSchema,
  scope: "global",
  run: ({ staff, input, db }) => markNotificationsRead(db, staff.id, input.notificationId),
  revalidate: () => ["/complaints", "/complaints/notifications"],
});

// Reads the intake form asks for as it goes.

/** The intake form's member search: the member list's search, in the staff member's stores, masked. */
export const findComplaintMembersUseCase = defineUseCase({
  permission: "complaints.handle",
  input: complaintMemberSearchSchema,
  scope: "in-run",
  run: ({ staff, input, db }) => findComplaintMembers(db, staff, input.q),
});

/** The chosen member's recent purchases and visits, to relate the complaint to. */
export const memberRelationsUseCase = defineUseCase({
  permission: "complaints.handle",
  input: memberRelationsSchema,
  scope: "in-run",
  run: ({ staff, input, db }) => memberRelations(db, staff, input.memberId),
});
