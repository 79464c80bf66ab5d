import { defineUseCase } from "@/lib/actions/use-case";
import { assignTaskSchema, completeTaskSchema, skipTaskSchema } from "./schemas";
import { assignTask, completeTask, skipTask } from "./service";

// The store is the task's, checked by the business functions on the task row they lock anyway
// (another store's task is "not found"), hence "in-run". Who may close or assign is decided there
// too: the assignee or a manager of the store closes; only a manager assigns.
// docs/domain.md#tasks-and-the-contact-log

const TASKS_PAGE = "/tasks";

/** Done, with the contact that did it (written in the same transaction as the task's closing). */
export const completeTaskUseCase = defineUseCase({
  permission: "clienteling.tasks",
  input: completeTaskSchema,
  scope: "in-run",
  run: ({ db, staff, actor, input }) => completeTask(db, staff, actor, input),
  revalidate: (_input, output) => [TASKS_PAGE, `/members/${output.memberId}`],
});

/** Closed without a contact, with the reason. */
export const skipTaskUseCase = defineUseCase({
  permission: "clienteling.tasks",
  input: skipTaskSchema,
  scope: "in-run",
  run: ({ db, staff, actor, input }) => skipTask(db, staff, actor, input),
  revalidate: () => [TASKS_PAGE],
});

/** A manager hands an open task to an advisor of its store (or back to the unassigned list). */
export const assignTaskUseCase = defineUseCase({
  permission: "clienteling.tasks",
  input: assignTaskSchema,
  scope: "in-run",
  run: ({ db, staff, actor, input }) => assignTask(db, staff, actor, input),
  revalidate: () => [TASKS_PAGE],
});
