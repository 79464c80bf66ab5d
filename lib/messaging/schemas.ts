import { z } from "zod";
import { listParams } from "@/lib/list-params";
import { DEFAULT_TIME_ZONE, isBusinessDay } from "@/lib/time";
import { CHANNELS } from "./adapters/types";

/** db/schema/messaging.ts `message_status`. */
export const MESSAGE_STATUSES = ["pending", "sending", "sent", "failed", "skipped"] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** The outbox list's days are head-office days, as the audit log's: `from`/`to` cover whole days in this zone. */
export const MESSAGE_LIST_TIME_ZONE = DEFAULT_TIME_ZONE;

const dayParam = z
  .string()
  .refine((day) => isBusinessDay(day))
  .optional()
  .catch(undefined);

/** /admin/messages: filters, sort and page in the URL (lib/list-params.ts); a bad value falls back to its default. */
export const messageListParamsSchema = z.object({
  status: z.enum(MESSAGE_STATUSES).optional().catch(undefined),
  channel: z.enum(CHANNELS).optional().catch(undefined),
  /** A template code (lib/messaging/templates.ts); an unknown one simply matches nothing. */
  template: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,63}$/)
    .optional()
    .catch(undefined),
  store: z.uuid().optional().catch(undefined),
  /** Queued on or after this day / on or before this day. */
  from: dayParam,
  to: dayParam,
  sort: z.enum(["createdAt", "sendAfter", "sentAt"]).default("createdAt").catch("createdAt"),
  ...listParams({ dir: "desc" }),
});
export type MessageListParams = z.output<typeof messageListParamsSchema>;
