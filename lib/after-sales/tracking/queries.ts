import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jewelryItems, serviceTickets, stores } from "@/db/schema";
import type { JewelryCategory, ServiceType } from "@/lib/after-sales/tickets/schemas";
import type { ServiceTicketStatus } from "@/lib/after-sales/tickets/transitions";
import { isTrackingToken, TRACKING_REQUESTS_PER_MINUTE } from "./schemas";
import { hashTrackingToken, takeTrackingAllowance } from "./service";

/**
 * What the customer's tracking page shows (docs/domain.md#jewelry-after-sales):
 * the piece's category, the service, where it stands, the promised date and whether it is ready,
 * and the store. Nothing else is selected — no member, phone, claim code, price or reference — so
 * nothing else can leak through the page.
 */

/** The stage the customer reads: the workshop's inner steps are one "in service" to them. */
export type TrackingStage = "received" | "in_service" | "quality_check" | "ready" | "collected" | "cancelled";

export function trackingStage(status: ServiceTicketStatus): TrackingStage {
  switch (status) {
    case "received":
      return "received";
    case "at_workshop":
    case "in_repair":
      return "in_service";
    case "quality_check":
      return "quality_check";
    case "ready_for_pickup":
      return "ready";
    case "picked_up":
    case "closed":
      return "collected";
    case "cancelled":
      return "cancelled";
  }
}

export type TrackedTicket = {
  category: JewelryCategory;
  serviceType: ServiceType;
  stage: TrackingStage;
  /** The promised ready date, store-local (yyyy-MM-dd). */
  promisedOn: string;
  ready: boolean;
  /** When it became ready (for "ready since"), null before. */
  readyAt: Date | null;
  /** The store's name (its phone is not stored) and its time zone, for "ready since". */
  store: { name: string; nameEn: string | null; timeZone: string };
};

/** The ticket a token names, as the customer sees it; null for an unknown or malformed token. */
export async function loadTrackedTicket(db: Db, token: string): Promise<TrackedTicket | null> {
  if (!isTrackingToken(token)) return null;
  const [row] = await db
    .select({
      category: jewelryItems.category,
      serviceType: serviceTickets.serviceType,
      status: serviceTickets.status,
      promisedOn: serviceTickets.promisedOn,
      readyAt: serviceTickets.readyAt,
      storeName: stores.name,
      storeNameEn: stores.nameEn,
      timeZone: stores.timeZone,
    })
    .from(serviceTickets)
    .innerJoin(jewelryItems, eq(jewelryItems.id, serviceTickets.itemId))
    .innerJoin(stores, eq(stores.id, serviceTickets.storeId))
    .where(eq(serviceTickets.trackingTokenHash, hashTrackingToken(token)));
  if (!row) return null;
  const stage = trackingStage(row.status);
  return {
    category: row.category,
    serviceType: row.serviceType,
    stage,
    promisedOn: row.promisedOn,
    ready: stage === "ready",
    readyAt: stage === "ready" ? row.readyAt : null,
    store: { name: row.storeName, nameEn: row.storeNameEn, timeZone: row.timeZone },
  };
}

export type TrackingPage =
  | { kind: "ticket"; ticket: TrackedTicket }
  | { kind: "not_found" }
  | { kind: "rate_limited"; retryAfterSeconds: number };

/**
 * The public page's data: the client address's allowance first (every request counts, an unknown
 * or malformed token too, so guessing is slow), then the ticket. An unknown token and a malformed
 * one answer alike: the page does not tell whether a ticket exists.
 */
export async function loadTrackingPage(
  db: Db,
  request: { token: string; address: string },
  now: Date = new Date(),
): Promise<TrackingPage> {
  const allowance = await takeTrackingAllowance(db, request.address, TRACKING_REQUESTS_PER_MINUTE, now);
  if (!allowance.allowed) return { kind: "rate_limited", retryAfterSeconds: allowance.retryAfterSeconds };
  const ticket = await loadTrackedTicket(db, request.token);
  return ticket ? { kind: "ticket", ticket } : { kind: "not_found" };
}
