import {
  apiMemberLookups,
  complaints,
  followUpCalls,
  inquiries,
  jewelryItems,
  serviceTickets,
  appointments,
  appointmentWaitlist,
  clientelingTasks,
  memberContacts,
  outboundMessages,
  vipEventRsvps,
  memberCards,
  memberConsents,
  memberImportantDates,
  memberNotes,
  memberPresenceCodes,
  memberTags,
  memberTierEvents,
  memberWishlistItems,
  pointsAdjustments,
  pointsEntries,
  pointsLots,
  redemptions,
  salesTransactions,
  storedValueCards,
} from "@/db/schema";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";

/**
 * Every table whose rows belong to a member, with its member column. Merge moves these rows to the
 * surviving member and erasure leaves them pointing at the anonymised one; a new member-owned
 * table (purchases, points ledger, tickets, complaints…) registers itself here.
 * `unique` lists further key columns: rows that would collide after a merge are dropped instead.
 */
export type MemberOwnedTable = { name: string; table: PgTable; memberId: PgColumn; uniqueWith?: PgColumn[] };

export const MEMBER_OWNED_TABLES: MemberOwnedTable[] = [
  { name: "member_cards", table: memberCards, memberId: memberCards.memberId },
  { name: "member_consents", table: memberConsents, memberId: memberConsents.memberId },
  { name: "member_tags", table: memberTags, memberId: memberTags.memberId, uniqueWith: [memberTags.tag] },
  { name: "member_notes", table: memberNotes, memberId: memberNotes.memberId },
  { name: "member_important_dates", table: memberImportantDates, memberId: memberImportantDates.memberId },
  { name: "member_wishlist_items", table: memberWishlistItems, memberId: memberWishlistItems.memberId },
  { name: "sales_transactions", table: salesTransactions, memberId: salesTransactions.memberId },
  { name: "points_entries", table: pointsEntries, memberId: pointsEntries.memberId },
  { name: "points_lots", table: pointsLots, memberId: pointsLots.memberId },
  { name: "points_adjustments", table: pointsAdjustments, memberId: pointsAdjustments.memberId },
  { name: "member_tier_events", table: memberTierEvents, memberId: memberTierEvents.memberId },
  { name: "stored_value_cards", table: storedValueCards, memberId: storedValueCards.memberId },
  { name: "redemptions", table: redemptions, memberId: redemptions.memberId },
  { name: "member_presence_codes", table: memberPresenceCodes, memberId: memberPresenceCodes.memberId },
  { name: "api_member_lookups", table: apiMemberLookups, memberId: apiMemberLookups.memberId },
  { name: "appointments", table: appointments, memberId: appointments.memberId },
  { name: "appointment_waitlist", table: appointmentWaitlist, memberId: appointmentWaitlist.memberId },
  { name: "clienteling_tasks", table: clientelingTasks, memberId: clientelingTasks.memberId },
  { name: "member_contacts", table: memberContacts, memberId: memberContacts.memberId },
  {
    name: "vip_event_rsvps",
    table: vipEventRsvps,
    memberId: vipEventRsvps.memberId,
    uniqueWith: [vipEventRsvps.eventId],
  },
  { name: "outbound_messages", table: outboundMessages, memberId: outboundMessages.memberId },
  { name: "complaints", table: complaints, memberId: complaints.memberId },
  { name: "inquiries", table: inquiries, memberId: inquiries.memberId },
  { name: "jewelry_items", table: jewelryItems, memberId: jewelryItems.memberId },
  { name: "service_tickets", table: serviceTickets, memberId: serviceTickets.memberId },
  { name: "follow_up_calls", table: followUpCalls, memberId: followUpCalls.memberId },
];
