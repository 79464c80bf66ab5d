import { z } from "zod";

/**
 * Handing one advisor's work to another (docs/domain.md#handover): their clients, future visits
 * and open follow-ups at one store, in one step; a dry run previews it. Messages are keys of the
 * "appointmentExtras.validation" catalogue. No server imports.
 */

export const handoverSchema = z
  .object({
    storeId: z.uuid({ error: "handoverStoreRequired" }),
    fromAdvisorId: z.uuid({ error: "handoverAdvisorRequired" }),
    toAdvisorId: z.uuid({ error: "handoverAdvisorRequired" }),
    moveClients: z.boolean().default(true),
    moveAppointments: z.boolean().default(true),
    moveTasks: z.boolean().default(true),
    dryRun: z.boolean().default(true),
  })
  .refine((input) => input.fromAdvisorId !== input.toAdvisorId, {
    path: ["toAdvisorId"],
    error: "handoverSameAdvisor",
  })
  .refine((input) => input.moveClients || input.moveAppointments || input.moveTasks, {
    path: ["moveClients"],
    error: "handoverNothingChosen",
  });
export type HandoverInput = z.input<typeof handoverSchema>;
export type HandoverValues = z.output<typeof handoverSchema>;

/** Why a visit stays with its advisor: the new one is booked or away then, or does not work that day. */
export const HANDOVER_CONFLICT_REASONS = ["advisor_busy", "advisor_not_working"] as const;
export type HandoverConflictReason = (typeof HANDOVER_CONFLICT_REASONS)[number];

export type HandoverVisit = {
  appointmentId: string;
  startsAt: string;
  /** Masked. */
  memberName: string;
  typeNameZh: string;
  typeNameEn: string;
};

export type HandoverResult = {
  dryRun: boolean;
  timeZone: string;
  clients: number;
  tasks: number;
  moved: HandoverVisit[];
  conflicts: (HandoverVisit & { reason: HandoverConflictReason })[];
};
