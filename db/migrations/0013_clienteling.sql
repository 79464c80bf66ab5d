CREATE TYPE "public"."appointment_event_kind" AS ENUM('booked', 'confirmed', 'rescheduled', 'checked_in', 'completed', 'no_show', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."appointment_source" AS ENUM('staff', 'mini_program');--> statement-breakpoint
CREATE TYPE "public"."appointment_status" AS ENUM('requested', 'confirmed', 'checked_in', 'completed', 'no_show', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."clienteling_task_kind" AS ENUM('care_call', 'visit_follow_up', 'important_date', 'dormant_callback', 'waitlist_offer');--> statement-breakpoint
CREATE TYPE "public"."clienteling_task_status" AS ENUM('open', 'done', 'skipped');--> statement-breakpoint
CREATE TYPE "public"."contact_channel" AS ENUM('phone', 'wechat', 'sms', 'email', 'in_person');--> statement-breakpoint
CREATE TYPE "public"."contact_outcome" AS ENUM('reached', 'no_answer', 'left_message', 'call_back_later', 'declined', 'wrong_number');--> statement-breakpoint
CREATE TYPE "public"."vip_event_rsvp_status" AS ENUM('invited', 'accepted', 'declined', 'waitlisted');--> statement-breakpoint
CREATE TYPE "public"."vip_event_kind" AS ENUM('tasting', 'auction_preview', 'private_event');--> statement-breakpoint
CREATE TYPE "public"."vip_event_status" AS ENUM('draft', 'open', 'closed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."waitlist_status" AS ENUM('waiting', 'offered', 'booked', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."message_status" AS ENUM('pending', 'sending', 'sent', 'failed', 'skipped');--> statement-breakpoint
CREATE TABLE "advisor_hours" (
	"staff_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"hours" jsonb NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "advisor_hours_staff_id_store_id_pk" PRIMARY KEY("staff_id","store_id")
);
--> statement-breakpoint
CREATE TABLE "advisor_time_off" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"staff_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "advisor_time_off_ordered" CHECK (ends_at > starts_at)
);
--> statement-breakpoint
CREATE TABLE "appointment_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"appointment_id" uuid NOT NULL,
	"kind" "appointment_event_kind" NOT NULL,
	"from_starts_at" timestamp with time zone,
	"to_starts_at" timestamp with time zone,
	"from_advisor_id" uuid,
	"to_advisor_id" uuid,
	"reason" text,
	"actor_staff_id" uuid,
	"actor_label" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "appointment_picks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"appointment_id" uuid NOT NULL,
	"sku" text NOT NULL,
	"name" text NOT NULL,
	"price_fen" bigint,
	"note" text DEFAULT '' NOT NULL,
	"added_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "appointment_purchases" (
	"appointment_id" uuid NOT NULL,
	"transaction_id" uuid NOT NULL,
	"linked_by" uuid,
	"linked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appointment_purchases_appointment_id_transaction_id_pk" PRIMARY KEY("appointment_id","transaction_id")
);
--> statement-breakpoint
CREATE TABLE "appointment_types" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"duration_min" smallint NOT NULL,
	"buffer_min" smallint DEFAULT 0 NOT NULL,
	"notice_min" integer DEFAULT 0 NOT NULL,
	"min_tier" text,
	"needs_room" boolean DEFAULT false NOT NULL,
	"daily_cap" smallint,
	"active" boolean DEFAULT true NOT NULL,
	"sort_order" smallint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appointment_types_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "appointment_waitlist" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"type_id" uuid NOT NULL,
	"advisor_id" uuid,
	"day" date NOT NULL,
	"status" "waitlist_status" DEFAULT 'waiting' NOT NULL,
	"offered_starts_at" timestamp with time zone,
	"offered_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "appointments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"type_id" uuid NOT NULL,
	"advisor_id" uuid NOT NULL,
	"room_id" uuid,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"blocked_until" timestamp with time zone NOT NULL,
	"status" "appointment_status" DEFAULT 'confirmed' NOT NULL,
	"source" "appointment_source" DEFAULT 'staff' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"tier_override_by" uuid,
	"tier_override_reason" text,
	"cancel_reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appointments_ordered" CHECK (ends_at > starts_at and blocked_until >= ends_at)
);
--> statement-breakpoint
CREATE TABLE "clienteling_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"assignee_id" uuid,
	"member_id" uuid NOT NULL,
	"kind" "clienteling_task_kind" NOT NULL,
	"source_key" text NOT NULL,
	"due_on" date NOT NULL,
	"status" "clienteling_task_status" DEFAULT 'open' NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"skip_reason" text,
	"contact_id" uuid,
	"closed_by" uuid,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "clienteling_tasks_closed" CHECK (status = 'open' or closed_at is not null)
);
--> statement-breakpoint
CREATE TABLE "member_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"member_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"staff_id" uuid NOT NULL,
	"channel" "contact_channel" NOT NULL,
	"outcome" "contact_outcome" NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"lost_reason" text,
	"task_id" uuid,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rooms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"name" text NOT NULL,
	"name_en" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "store_closures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "store_closures_ordered" CHECK (ends_at > starts_at)
);
--> statement-breakpoint
CREATE TABLE "vip_event_rsvps" (
	"event_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"status" "vip_event_rsvp_status" DEFAULT 'invited' NOT NULL,
	"seat" integer,
	"invited_at" timestamp with time zone DEFAULT now() NOT NULL,
	"responded_at" timestamp with time zone,
	"checked_in_at" timestamp with time zone,
	"checked_in_by" uuid,
	CONSTRAINT "vip_event_rsvps_event_id_member_id_pk" PRIMARY KEY("event_id","member_id"),
	CONSTRAINT "vip_event_rsvps_seat" CHECK ((status = 'accepted') = (seat is not null))
);
--> statement-breakpoint
CREATE TABLE "vip_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"kind" "vip_event_kind" NOT NULL,
	"title_zh" text NOT NULL,
	"title_en" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"capacity" integer NOT NULL,
	"invite_diamond_from" timestamp with time zone NOT NULL,
	"invite_gold_from" timestamp with time zone,
	"invite_silver_from" timestamp with time zone,
	"status" "vip_event_status" DEFAULT 'draft' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vip_events_capacity" CHECK (capacity > 0),
	CONSTRAINT "vip_events_ordered" CHECK (ends_at > starts_at)
);
--> statement-breakpoint
CREATE TABLE "outbound_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"member_id" uuid,
	"store_id" uuid,
	"channel" "consent_channel" NOT NULL,
	"template_code" text NOT NULL,
	"locale" text DEFAULT 'zh-CN' NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"dedupe_key" text NOT NULL,
	"status" "message_status" DEFAULT 'pending' NOT NULL,
	"skip_reason" text,
	"send_after" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" smallint DEFAULT 0 NOT NULL,
	"max_attempts" smallint DEFAULT 5 NOT NULL,
	"last_error" text,
	"provider_message_id" text,
	"sent_to" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	CONSTRAINT "outbound_messages_attempts" CHECK (attempts >= 0 and attempts <= max_attempts)
);
--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "wechat_open_id" text;--> statement-breakpoint
ALTER TABLE "advisor_hours" ADD CONSTRAINT "advisor_hours_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advisor_hours" ADD CONSTRAINT "advisor_hours_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advisor_hours" ADD CONSTRAINT "advisor_hours_updated_by_staff_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advisor_time_off" ADD CONSTRAINT "advisor_time_off_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advisor_time_off" ADD CONSTRAINT "advisor_time_off_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_events" ADD CONSTRAINT "appointment_events_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_events" ADD CONSTRAINT "appointment_events_from_advisor_id_staff_id_fk" FOREIGN KEY ("from_advisor_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_events" ADD CONSTRAINT "appointment_events_to_advisor_id_staff_id_fk" FOREIGN KEY ("to_advisor_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_events" ADD CONSTRAINT "appointment_events_actor_staff_id_staff_id_fk" FOREIGN KEY ("actor_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_picks" ADD CONSTRAINT "appointment_picks_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_picks" ADD CONSTRAINT "appointment_picks_added_by_staff_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_purchases" ADD CONSTRAINT "appointment_purchases_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_purchases" ADD CONSTRAINT "appointment_purchases_transaction_id_sales_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."sales_transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_purchases" ADD CONSTRAINT "appointment_purchases_linked_by_staff_id_fk" FOREIGN KEY ("linked_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_waitlist" ADD CONSTRAINT "appointment_waitlist_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_waitlist" ADD CONSTRAINT "appointment_waitlist_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_waitlist" ADD CONSTRAINT "appointment_waitlist_type_id_appointment_types_id_fk" FOREIGN KEY ("type_id") REFERENCES "public"."appointment_types"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_waitlist" ADD CONSTRAINT "appointment_waitlist_advisor_id_staff_id_fk" FOREIGN KEY ("advisor_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_waitlist" ADD CONSTRAINT "appointment_waitlist_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_type_id_appointment_types_id_fk" FOREIGN KEY ("type_id") REFERENCES "public"."appointment_types"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_advisor_id_staff_id_fk" FOREIGN KEY ("advisor_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_tier_override_by_staff_id_fk" FOREIGN KEY ("tier_override_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clienteling_tasks" ADD CONSTRAINT "clienteling_tasks_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clienteling_tasks" ADD CONSTRAINT "clienteling_tasks_assignee_id_staff_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clienteling_tasks" ADD CONSTRAINT "clienteling_tasks_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clienteling_tasks" ADD CONSTRAINT "clienteling_tasks_closed_by_staff_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_contacts" ADD CONSTRAINT "member_contacts_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_contacts" ADD CONSTRAINT "member_contacts_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_contacts" ADD CONSTRAINT "member_contacts_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rooms" ADD CONSTRAINT "rooms_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_closures" ADD CONSTRAINT "store_closures_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_closures" ADD CONSTRAINT "store_closures_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vip_event_rsvps" ADD CONSTRAINT "vip_event_rsvps_event_id_vip_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."vip_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vip_event_rsvps" ADD CONSTRAINT "vip_event_rsvps_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vip_event_rsvps" ADD CONSTRAINT "vip_event_rsvps_checked_in_by_staff_id_fk" FOREIGN KEY ("checked_in_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vip_events" ADD CONSTRAINT "vip_events_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vip_events" ADD CONSTRAINT "vip_events_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbound_messages" ADD CONSTRAINT "outbound_messages_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbound_messages" ADD CONSTRAINT "outbound_messages_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "advisor_time_off_staff_id_starts_at_index" ON "advisor_time_off" USING btree ("staff_id","starts_at");--> statement-breakpoint
CREATE INDEX "appointment_events_appointment_id_id_index" ON "appointment_events" USING btree ("appointment_id","id");--> statement-breakpoint
CREATE INDEX "appointment_picks_appointment_id_index" ON "appointment_picks" USING btree ("appointment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "appointment_purchases_transaction_id_index" ON "appointment_purchases" USING btree ("transaction_id");--> statement-breakpoint
CREATE INDEX "appointment_waitlist_store_id_day_status_created_at_index" ON "appointment_waitlist" USING btree ("store_id","day","status","created_at");--> statement-breakpoint
CREATE INDEX "appointments_store_id_starts_at_index" ON "appointments" USING btree ("store_id","starts_at");--> statement-breakpoint
CREATE INDEX "appointments_advisor_id_starts_at_index" ON "appointments" USING btree ("advisor_id","starts_at");--> statement-breakpoint
CREATE INDEX "appointments_member_id_starts_at_index" ON "appointments" USING btree ("member_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "clienteling_tasks_source_key_index" ON "clienteling_tasks" USING btree ("source_key");--> statement-breakpoint
CREATE INDEX "clienteling_tasks_assignee_id_status_due_on_index" ON "clienteling_tasks" USING btree ("assignee_id","status","due_on");--> statement-breakpoint
CREATE INDEX "clienteling_tasks_store_id_status_due_on_index" ON "clienteling_tasks" USING btree ("store_id","status","due_on");--> statement-breakpoint
CREATE INDEX "clienteling_tasks_member_id_index" ON "clienteling_tasks" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "member_contacts_member_id_occurred_at_index" ON "member_contacts" USING btree ("member_id","occurred_at");--> statement-breakpoint
CREATE INDEX "member_contacts_staff_id_occurred_at_index" ON "member_contacts" USING btree ("staff_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "rooms_store_id_name_index" ON "rooms" USING btree ("store_id","name");--> statement-breakpoint
CREATE INDEX "store_closures_store_id_starts_at_index" ON "store_closures" USING btree ("store_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "vip_event_rsvps_event_id_seat_index" ON "vip_event_rsvps" USING btree ("event_id","seat");--> statement-breakpoint
CREATE INDEX "vip_event_rsvps_member_id_index" ON "vip_event_rsvps" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "vip_events_store_id_starts_at_index" ON "vip_events" USING btree ("store_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "outbound_messages_dedupe_key_channel_index" ON "outbound_messages" USING btree ("dedupe_key","channel");--> statement-breakpoint
CREATE INDEX "outbound_messages_status_send_after_index" ON "outbound_messages" USING btree ("status","send_after");--> statement-breakpoint
CREATE INDEX "outbound_messages_member_id_created_at_index" ON "outbound_messages" USING btree ("member_id","created_at");--> statement-breakpoint
-- Double-booking is impossible: no two non-cancelled visits of one advisor, or of one room, hold
-- overlapping [starts_at, blocked_until) (the visit and its buffer; touching ranges do not overlap).
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_advisor_no_overlap" EXCLUDE USING gist ("advisor_id" WITH =, tstzrange("starts_at", "blocked_until", '[)') WITH &&) WHERE ("status" <> 'cancelled');--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_room_no_overlap" EXCLUDE USING gist ("room_id" WITH =, tstzrange("starts_at", "blocked_until", '[)') WITH &&) WHERE ("status" <> 'cancelled' AND "room_id" IS NOT NULL);
