import { and, asc, count, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { members, outboundMessages, staff, stores } from "@/db/schema";
import { storeFilter, type StoreScope } from "@/lib/auth/policy";
import { maskName } from "@/lib/members/masking";
import { localDayBounds } from "@/lib/time";
import type { Channel } from "./adapters/types";
import { maskRecipient } from "./masking";
import { MESSAGE_LIST_TIME_ZONE, type MessageListParams, type MessageStatus } from "./schemas";

export type MessageListRow = {
  id: string;
  createdAt: Date;
  sendAfter: Date;
  sentAt: Date | null;
  status: MessageStatus;
  skipReason: string | null;
  channel: Channel;
  templateCode: string;
  locale: string;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  /** The address it went to, masked; null until sent. */
  recipient: string | null;
  memberId: string | null;
  /** Masked, like everywhere a list shows members. */
  memberName: string | null;
  /** A work message's staff recipient (a complaint breach to the store manager). */
  staffName: string | null;
  store: { id: string; code: string; name: string; nameEn: string | null } | null;
  /** The zone its times are shown in: the store's (the head office's for a message without one). */
  timeZone: string;
};

const SORT_COLUMNS = {
  createdAt: outboundMessages.createdAt,
  sendAfter: outboundMessages.sendAfter,
  sentAt: outboundMessages.sentAt,
} as const;

/**
 * The outbox as staff read it (/admin/messages): the messages of the stores in `scope` (a message
 * belongs to the store it was about; one without a store is for all-stores readers only), newest
 * first by default. Addresses and names are masked here, so that they never reach the page.
 */
export async function listMessages(
  db: Db,
  scope: StoreScope,
  params: MessageListParams,
): Promise<{ rows: MessageListRow[]; total: number }> {
  const conditions: SQL[] = [storeFilter(outboundMessages.storeId, scope)];
  if (params.status) conditions.push(eq(outboundMessages.status, params.status));
  if (params.channel) conditions.push(eq(outboundMessages.channel, params.channel));
  if (params.template) conditions.push(eq(outboundMessages.templateCode, params.template));
  if (params.store) conditions.push(eq(outboundMessages.storeId, params.store));
  const from = params.from ? localDayBounds(params.from, MESSAGE_LIST_TIME_ZONE) : null;
  const to = params.to ? localDayBounds(params.to, MESSAGE_LIST_TIME_ZONE) : null;
  if (from) conditions.push(gte(outboundMessages.createdAt, from.start));
  if (to) conditions.push(lt(outboundMessages.createdAt, to.end));
  const where = and(...conditions);

  const column = SORT_COLUMNS[params.sort];
  const direction = params.dir === "asc" ? asc : desc;
  // Unsent messages have no sentAt: they go last either way. The id keeps pages from overlapping.
  const order =
    params.sort === "sentAt"
      ? [sql`${column} ${sql.raw(params.dir === "asc" ? "asc" : "desc")} nulls last`, direction(outboundMessages.id)]
      : [direction(column), direction(outboundMessages.id)];

  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: outboundMessages.id,
        createdAt: outboundMessages.createdAt,
        sendAfter: outboundMessages.sendAfter,
        sentAt: outboundMessages.sentAt,
        status: outboundMessages.status,
        skipReason: outboundMessages.skipReason,
        channel: outboundMessages.channel,
        templateCode: outboundMessages.templateCode,
        locale: outboundMessages.locale,
        attempts: outboundMessages.attempts,
        maxAttempts: outboundMessages.maxAttempts,
        lastError: outboundMessages.lastError,
        sentTo: outboundMessages.sentTo,
        memberId: outboundMessages.memberId,
        memberName: members.name,
        staffName: staff.displayName,
        storeId: stores.id,
        storeCode: stores.code,
        storeName: stores.name,
        storeNameEn: stores.nameEn,
        storeTimeZone: stores.timeZone,
      })
      .from(outboundMessages)
      .leftJoin(members, eq(members.id, outboundMessages.memberId))
      .leftJoin(staff, eq(staff.id, outboundMessages.staffId))
      .leftJoin(stores, eq(stores.id, outboundMessages.storeId))
      .where(where)
      .orderBy(...order)
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db.select({ value: count() }).from(outboundMessages).where(where),
  ]);

  return {
    rows: rows.map(({ sentTo, memberName, storeId, storeCode, storeName, storeNameEn, storeTimeZone, ...row }) => ({
      ...row,
      recipient: sentTo ? maskRecipient(row.channel, sentTo) : null,
      memberName: memberName == null ? null : maskName(memberName),
      store: storeId ? { id: storeId, code: storeCode!, name: storeName!, nameEn: storeNameEn } : null,
      timeZone: storeTimeZone ?? MESSAGE_LIST_TIME_ZONE,
    })),
    total: total?.value ?? 0,
  };
}
