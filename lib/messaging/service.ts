import { addMinutes } from "date-fns";
import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { memberConsents, members, outboundMessages, staff, stores } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { DEFAULT_LOCALE, isLocale, type Locale } from "@/lib/i18n/config";
import { DEFAULT_TIME_ZONE } from "@/lib/time";
import { defaultAdapters } from "./adapters";
import { CHANNELS, DeliveryError, type Channel, type ChannelAdapters, type OutgoingMessage } from "./adapters/types";
import { withoutAddress } from "./masking";
import { inQuietHours, outsideQuietHours } from "./quiet-hours";
import {
  isTemplateCode,
  parseTemplateParams,
  renderTemplate,
  templateExpiresAt,
  type TemplateCode,
  type TemplateParams,
} from "./templates";

/**
 * The message outbox (docs/domain.md#messages). Business code calls enqueueMessage inside its own
 * transaction, so a message exists exactly when what caused it was committed; the
 * `message-delivery` job (lib/jobs/run-job.ts) sends what is due with deliverDueMessages.
 *
 * Why not a job-queue library (pg-boss, graphile-worker): they need node-postgres connections of
 * their own (LISTEN/NOTIFY, session advisory locks, their own schema), and the app also runs on
 * embedded PGlite, one connection inside the process. So the queue is the outbox table itself: the
 * retry state lives in its rows (attempts, send_after, locked_until), a sender claims a row with
 * `FOR UPDATE SKIP LOCKED` and a lease, and the existing advisory-lock scheduler runs the job.
 */

/**
 * Why the outbox did not send a message (outbound_messages.skip_reason). Domains may end a pending
 * message of theirs with a reason of their own (appointments: `rescheduled`, `cancelled`).
 */
export const SKIP_REASONS = ["no_consent", "no_address", "erased", "merged", "expired", "inactive"] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** Minutes before retry n (after the n-th failed attempt): 1, 5, 25, 125, 625… */
export function retryDelayMinutes(failedAttempts: number): number {
  return 5 ** Math.max(0, failedAttempts - 1);
}

/** How long a claim holds a message: far longer than one send may take (the adapters time out in 10–30 s). */
export const CLAIM_LEASE_MINUTES = 5;

const LAST_ERROR_MAX = 500;

export type EnqueueMessageInput<C extends TemplateCode = TemplateCode> = {
  memberId: string;
  /** The store the message is about: its time zone sets the quiet hours and the times shown. Default: the member's home store. */
  storeId?: string | null;
  templateCode: C;
  params: TemplateParams<C>;
  /**
   * What makes the message unique, e.g. `appointment:<id>:reminder`: enqueueing it again (a replayed
   * request, a job run twice) adds nothing.
   */
  dedupeKey: string;
  /** Default: every channel; those the member has not consented to are recorded as skipped. */
  channels?: readonly Channel[];
  /** Not before this instant (a reminder's time); default now. Moved out of the store's quiet hours. */
  sendAfter?: Date;
  /** The member's language for this message; default zh-CN. */
  locale?: Locale;
  /** The current time (tests). */
  now?: Date;
};

export type EnqueuedMessage = {
  id: string;
  channel: Channel;
  status: "pending" | "skipped";
  skipReason: SkipReason | null;
  sendAfter: Date;
};

type MemberContact = {
  email: string | null;
  phoneE164: string | null;
  wechatOpenId: string | null;
};

function addressFor(channel: Channel, member: MemberContact): string | null {
  const address = channel === "sms" ? member.phoneE164 : channel === "email" ? member.email : member.wechatOpenId;
  return address?.trim() ? address : null;
}

/** The consent in force per channel: the latest record of each (docs/domain.md#members). */
async function consentsOf(db: Db, memberId: string): Promise<Map<Channel, boolean>> {
  const rows = await db
    .selectDistinctOn([memberConsents.channel], { channel: memberConsents.channel, granted: memberConsents.granted })
    .from(memberConsents)
    .where(eq(memberConsents.memberId, memberId))
    .orderBy(memberConsents.channel, desc(memberConsents.recordedAt), desc(memberConsents.id));
  return new Map(rows.map((row) => [row.channel, row.granted]));
}

const dedupeKeySchema = z.string().trim().min(1).max(200);

/** A template's parameters as stored: only the keys the template knows (nothing else a caller passes ends up in the outbox). */
function parsedParams(templateCode: TemplateCode, raw: unknown): Record<string, string | number | null> {
  if (!isTemplateCode(templateCode)) {
    throw new AppError("validation", { detail: `Unknown message template ${JSON.stringify(templateCode)}.` });
  }
  try {
    return parseTemplateParams(templateCode, raw) as Record<string, string | number | null>;
  } catch (error) {
    const problems = error instanceof z.ZodError ? error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) : [];
    throw new AppError("validation", {
      detail: `Parameters of message template ${templateCode}: ${problems.join("; ") || String(error)}`,
    });
  }
}

/**
 * Queues one message per channel for a member, in the caller's transaction. A channel the member
 * has not consented to, or has no address for, gets a `skipped` row that says why; an erased or
 * merged member gets only skipped rows. A due time in the store's quiet hours (21:00–09:00) moves
 * to the next 09:00 there. Replaying the same `dedupeKey` inserts nothing (unique per channel).
 * Returns the rows this call inserted.
 */
export async function enqueueMessage<C extends TemplateCode>(
  db: Db,
  input: EnqueueMessageInput<C>,
): Promise<EnqueuedMessage[]> {
  const params = parsedParams(input.templateCode, input.params);
  const dedupeKey = dedupeKeySchema.parse(input.dedupeKey);
  const locale = input.locale && isLocale(input.locale) ? input.locale : DEFAULT_LOCALE;
  const now = input.now ?? new Date();

  const [member] = await db
    .select({
      homeStoreId: members.homeStoreId,
      email: members.email,
      phoneE164: members.phoneE164,
      wechatOpenId: members.wechatOpenId,
      erasedAt: members.erasedAt,
      mergedIntoId: members.mergedIntoId,
    })
    .from(members)
    .where(eq(members.id, input.memberId));
  if (!member) throw new AppError("not_found", { detail: `No member ${input.memberId}.` });
  const storeId = input.storeId ?? member.homeStoreId;
  const [store] = await db.select({ timeZone: stores.timeZone }).from(stores).where(eq(stores.id, storeId));
  if (!store) throw new AppError("not_found", { detail: `No store ${storeId}.` });

  const wanted = input.sendAfter && input.sendAfter > now ? input.sendAfter : now;
  const sendAfter = outsideQuietHours(wanted, store.timeZone);
  const expired = sendAfter >= templateExpiresAt(input.templateCode, params);
  const consents = await consentsOf(db, input.memberId);

  const channels = [...new Set(input.channels ?? CHANNELS)];
  if (channels.length === 0) return [];
  const rows = channels.map((channel) => {
    const skipReason: SkipReason | null = member.erasedAt
      ? "erased"
      : member.mergedIntoId
        ? "merged"
        : consents.get(channel) !== true
          ? "no_consent"
          : !addressFor(channel, member)
            ? "no_address"
            : expired
              ? "expired"
              : null;
    return {
      memberId: input.memberId,
      storeId,
      channel,
      templateCode: input.templateCode,
      locale,
      params,
      dedupeKey,
      status: skipReason ? ("skipped" as const) : ("pending" as const),
      skipReason,
      sendAfter,
      createdAt: now,
      updatedAt: now,
    };
  });
  const inserted = await db
    .insert(outboundMessages)
    .values(rows)
    .onConflictDoNothing({ target: [outboundMessages.dedupeKey, outboundMessages.channel] })
    .returning({
      id: outboundMessages.id,
      channel: outboundMessages.channel,
      status: outboundMessages.status,
      skipReason: outboundMessages.skipReason,
      sendAfter: outboundMessages.sendAfter,
    });
  return inserted as EnqueuedMessage[];
}

export type EnqueueStaffMessageInput<C extends TemplateCode = TemplateCode> = {
  staffId: string;
  /** The store the message is about: its time zone sets the quiet hours and the times shown. */
  storeId: string;
  templateCode: C;
  params: TemplateParams<C>;
  /** As for members: enqueueing the same key again adds nothing. */
  dedupeKey: string;
  /** Default: SMS and email (staff have no WeChat openid in the portal). */
  channels?: readonly ("sms" | "email")[];
  now?: Date;
};

/**
 * Queues a work message to a staff member (an escalated complaint to its store manager), in the
 * caller's transaction. No consent applies (it is work, never marketing); a channel without an
 * address on the staff record, or an inactive staff member, gets a skipped row that says why. The
 * language is the staff member's own (zh-CN until they choose). Quiet hours apply as for members.
 */
export async function enqueueStaffMessage<C extends TemplateCode>(
  db: Db,
  input: EnqueueStaffMessageInput<C>,
): Promise<EnqueuedMessage[]> {
  const params = parsedParams(input.templateCode, input.params);
  const dedupeKey = dedupeKeySchema.parse(input.dedupeKey);
  const now = input.now ?? new Date();
  const [recipient] = await db
    .select({ email: staff.email, mobileE164: staff.mobileE164, active: staff.active, locale: staff.locale })
    .from(staff)
    .where(eq(staff.id, input.staffId));
  if (!recipient) throw new AppError("not_found", { detail: `No staff member ${input.staffId}.` });
  const [store] = await db.select({ timeZone: stores.timeZone }).from(stores).where(eq(stores.id, input.storeId));
  if (!store) throw new AppError("not_found", { detail: `No store ${input.storeId}.` });

  const sendAfter = outsideQuietHours(now, store.timeZone);
  const expired = sendAfter >= templateExpiresAt(input.templateCode, params);
  const channels = [...new Set(input.channels ?? (["sms", "email"] as const))];
  if (channels.length === 0) return [];
  const rows = channels.map((channel) => {
    const address = channel === "sms" ? recipient.mobileE164 : recipient.email;
    const skipReason: SkipReason | null = !recipient.active
      ? "inactive"
      : !address?.trim()
        ? "no_address"
        : expired
          ? "expired"
          : null;
    return {
      staffId: input.staffId,
      storeId: input.storeId,
      channel,
      templateCode: input.templateCode,
      locale: recipient.locale ?? DEFAULT_LOCALE,
      params,
      dedupeKey,
      status: skipReason ? ("skipped" as const) : ("pending" as const),
      skipReason,
      sendAfter,
      createdAt: now,
      updatedAt: now,
    };
  });
  const inserted = await db
    .insert(outboundMessages)
    .values(rows)
    .onConflictDoNothing({ target: [outboundMessages.dedupeKey, outboundMessages.channel] })
    .returning({
      id: outboundMessages.id,
      channel: outboundMessages.channel,
      status: outboundMessages.status,
      skipReason: outboundMessages.skipReason,
      sendAfter: outboundMessages.sendAfter,
    });
  return inserted as EnqueuedMessage[];
}

// ── Delivery ──────────────────────────────────────────────────────────────────────────────────

export type DeliveryCounts = {
  /** Accepted by the provider. */
  sent: number;
  /** Failed for now; due again after the backoff. */
  retried: number;
  /** Given up: a final refusal, or the last attempt failed. */
  failed: number;
  /** Not sent, and never will be: consent withdrawn, no address, erased, expired. */
  skipped: number;
  /** Came due in quiet hours: moved to the next 09:00. */
  deferred: number;
};

/** Whether a delivery run did anything worth an audit entry (the frequent empty runs are not). */
export function deliveryChangedSomething(result: Record<string, unknown>): boolean {
  return ["sent", "failed", "skipped"].some((key) => typeof result[key] === "number" && result[key] > 0);
}

export type DeliverOptions = {
  /** The current time (tests); default the clock at each message. */
  now?: Date;
  /** Default: from the environment (lib/messaging/adapters/index.ts). */
  adapters?: ChannelAdapters;
  /** At most this many messages per run. */
  limit: number;
  /** Stop claiming more after this long (ms); what was claimed is finished. Default 20 s. */
  budgetMs?: number;
};

type ClaimedMessage = typeof outboundMessages.$inferSelect;

/**
 * Sends the due messages, one claim at a time, until none is due, `limit` is reached or the time
 * budget is spent. Each message is claimed with `FOR UPDATE SKIP LOCKED` and a lease
 * (`locked_until`), so concurrent runs never take the same message, and a sender that dies
 * mid-send leaves it to be claimed again once the lease runs out (at least once: the SMS
 * Idempotency-Key, WeChat's client_msg_id and the email Message-ID are the outbox id, so providers
 * can drop the repeat). Consent, address, erasure and quiet hours are checked again at send time.
 *
 * Inside the job this runs in runJob's transaction (its advisory lock is transaction-scoped), so
 * a crash mid-run rolls back the run's updates and those messages go again; the batch and the time
 * budget keep that, and the transaction, short.
 */
export async function deliverDueMessages(db: Db, options: DeliverOptions): Promise<DeliveryCounts> {
  const adapters = options.adapters ?? defaultAdapters();
  const clock = () => options.now ?? new Date();
  const budgetMs = options.budgetMs ?? 20_000;
  const started = performance.now();
  const counts: DeliveryCounts = { sent: 0, retried: 0, failed: 0, skipped: 0, deferred: 0 };

  counts.failed += await failAbandoned(db, clock());
  for (let handled = 0; handled < options.limit && performance.now() - started < budgetMs; handled++) {
    const now = clock();
    const message = await claimNext(db, now);
    if (!message) break;
    counts[await deliverOne(db, message, adapters, now)]++;
  }
  return counts;
}

/**
 * Claims the most overdue message: pending and due, or claimed by a sender whose lease ran out.
 * The claim counts as an attempt (a message that kills its sender every time still runs out of
 * attempts); an outcome that did not try to send gives it back.
 */
async function claimNext(db: Db, now: Date): Promise<ClaimedMessage | null> {
  const due = db
    .select({ id: outboundMessages.id })
    .from(outboundMessages)
    .where(
      and(
        or(
          and(
            eq(outboundMessages.status, "pending"),
            lte(outboundMessages.sendAfter, now),
            or(isNull(outboundMessages.lockedUntil), lte(outboundMessages.lockedUntil, now)),
          ),
          and(eq(outboundMessages.status, "sending"), lte(outboundMessages.lockedUntil, now)),
        ),
        lt(outboundMessages.attempts, outboundMessages.maxAttempts),
      ),
    )
    .orderBy(asc(outboundMessages.sendAfter))
    .limit(1)
    .for("update", { skipLocked: true });
  const [claimed] = await db
    .update(outboundMessages)
    .set({
      status: "sending",
      attempts: sql`${outboundMessages.attempts} + 1`,
      lockedUntil: addMinutes(now, CLAIM_LEASE_MINUTES),
      updatedAt: now,
    })
    .where(inArray(outboundMessages.id, due))
    .returning();
  return claimed ?? null;
}

/** Messages whose sender died on their last attempt: nothing can claim them again, so they fail. */
async function failAbandoned(db: Db, now: Date): Promise<number> {
  const rows = await db
    .update(outboundMessages)
    .set({
      status: "failed",
      lockedUntil: null,
      lastError: "The sender stopped before the provider answered (claim expired) on the last attempt.",
      updatedAt: now,
    })
    .where(
      and(
        eq(outboundMessages.status, "sending"),
        lte(outboundMessages.lockedUntil, now),
        gte(outboundMessages.attempts, outboundMessages.maxAttempts),
      ),
    )
    .returning({ id: outboundMessages.id });
  return rows.length;
}

/** The member, the consent in force for the message's channel and the store, as they are now. */
async function sendingContext(db: Db, message: ClaimedMessage) {
  const [row] = await db
    .select({
      memberName: members.name,
      email: members.email,
      phoneE164: members.phoneE164,
      wechatOpenId: members.wechatOpenId,
      erasedAt: members.erasedAt,
      mergedIntoId: members.mergedIntoId,
      storeName: stores.name,
      storeNameEn: stores.nameEn,
      timeZone: stores.timeZone,
      staffName: staff.displayName,
      staffEmail: staff.email,
      staffMobile: staff.mobileE164,
      staffActive: staff.active,
    })
    .from(outboundMessages)
    .leftJoin(members, eq(members.id, outboundMessages.memberId))
    .leftJoin(staff, eq(staff.id, outboundMessages.staffId))
    .leftJoin(stores, eq(stores.id, sql`coalesce(${outboundMessages.storeId}, ${members.homeStoreId})`))
    .where(eq(outboundMessages.id, message.id));
  const [consent] = message.memberId
    ? await db
        .select({ granted: memberConsents.granted })
        .from(memberConsents)
        .where(and(eq(memberConsents.memberId, message.memberId), eq(memberConsents.channel, message.channel)))
        .orderBy(desc(memberConsents.recordedAt), desc(memberConsents.id))
        .limit(1)
    : [];
  return { ...row, consented: consent?.granted === true };
}

function sendThrough(adapters: ChannelAdapters, message: OutgoingMessage) {
  switch (message.channel) {
    case "sms":
      return adapters.sms.send(message);
    case "wechat":
      return adapters.wechat.send(message);
    case "email":
      return adapters.email.send(message);
  }
}

async function deliverOne(
  db: Db,
  message: ClaimedMessage,
  adapters: ChannelAdapters,
  now: Date,
): Promise<keyof DeliveryCounts> {
  // Updates only while the claim is ours: a sender slower than its lease must not overwrite the next one's result.
  const finish = (values: Partial<typeof outboundMessages.$inferInsert>) =>
    db
      .update(outboundMessages)
      .set({ ...values, lockedUntil: null, updatedAt: now })
      .where(
        and(
          eq(outboundMessages.id, message.id),
          eq(outboundMessages.status, "sending"),
          eq(outboundMessages.lockedUntil, message.lockedUntil!),
        ),
      );
  const notTried = message.attempts - 1;
  const skip = async (skipReason: SkipReason) => {
    await finish({ status: "skipped", skipReason, attempts: notTried });
    return "skipped" as const;
  };
  const fail = async (error: string) => {
    await finish({ status: "failed", lastError: error.slice(0, LAST_ERROR_MAX) });
    return "failed" as const;
  };

  const context = await sendingContext(db, message);
  const timeZone = context.timeZone ?? DEFAULT_TIME_ZONE;
  if (inQuietHours(now, timeZone)) {
    await finish({ status: "pending", attempts: notTried, sendAfter: outsideQuietHours(now, timeZone) });
    return "deferred";
  }
  let recipientName: string;
  let to: string | null;
  if (message.staffId) {
    // A work message to a staff member: their current address and activity decide, no consent applies.
    if (context.staffName == null) return skip("no_address");
    if (!context.staffActive) return skip("inactive");
    recipientName = context.staffName;
    to = addressFor(message.channel, {
      email: context.staffEmail ?? null,
      phoneE164: context.staffMobile ?? null,
      wechatOpenId: null,
    });
  } else {
    if (!message.memberId || context.memberName == null) return skip("no_address");
    if (context.erasedAt) return skip("erased");
    if (context.mergedIntoId) return skip("merged");
    if (!context.consented) return skip("no_consent");
    recipientName = context.memberName;
    to = addressFor(message.channel, {
      email: context.email ?? null,
      phoneE164: context.phoneE164 ?? null,
      wechatOpenId: context.wechatOpenId ?? null,
    });
  }
  if (!to) return skip("no_address");

  if (!isTemplateCode(message.templateCode)) return fail(`Unknown message template ${message.templateCode}.`);
  let outgoing: OutgoingMessage;
  try {
    if (now >= templateExpiresAt(message.templateCode, message.params)) return skip("expired");
    const locale = isLocale(message.locale) ? message.locale : DEFAULT_LOCALE;
    const content = renderTemplate(message.templateCode, message.channel, message.params, {
      locale,
      timeZone,
      memberName: recipientName,
      store: { name: context.storeName ?? "", nameEn: context.storeNameEn ?? null },
    });
    outgoing = {
      id: message.id,
      channel: message.channel,
      to,
      templateCode: message.templateCode,
      locale,
      content,
    } as OutgoingMessage;
  } catch (error) {
    return fail(`Template ${message.templateCode}: ${error instanceof Error ? error.message : String(error)}`);
  }

  try {
    const { providerMessageId } = await sendThrough(adapters, outgoing);
    await finish({ status: "sent", providerMessageId, sentTo: to, sentAt: now, lastError: null });
    return "sent";
  } catch (error) {
    const reason = withoutAddress(error instanceof Error ? error.message : String(error), message.channel, to).slice(
      0,
      LAST_ERROR_MAX,
    );
    const permanent = error instanceof DeliveryError && error.permanent;
    if (permanent || message.attempts >= message.maxAttempts) return fail(reason);
    await finish({
      status: "pending",
      lastError: reason,
      sendAfter: outsideQuietHours(addMinutes(now, retryDelayMinutes(message.attempts)), timeZone),
    });
    return "retried";
  }
}
