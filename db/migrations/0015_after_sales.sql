CREATE TYPE "public"."after_sales_photo_stage" AS ENUM('passport', 'intake', 'pickup', 'defect');--> statement-breakpoint
CREATE TYPE "public"."defect_outcome" AS ENUM('repair', 'exchange', 'refund');--> statement-breakpoint
CREATE TYPE "public"."follow_up_kind" AS ENUM('day_3', 'day_30', 'cleaning_reminder');--> statement-breakpoint
CREATE TYPE "public"."follow_up_outcome" AS ENUM('reached', 'no_answer', 'wrong_number');--> statement-breakpoint
CREATE TYPE "public"."follow_up_status" AS ENUM('open', 'done', 'unreachable');--> statement-breakpoint
CREATE TYPE "public"."jewelry_category" AS ENUM('ring', 'necklace', 'bracelet', 'earrings', 'pendant', 'watch');--> statement-breakpoint
CREATE TYPE "public"."service_price_basis" AS ENUM('tier_benefit', 'warranty', 'list_price', 'defect_claim');--> statement-breakpoint
CREATE TYPE "public"."service_ticket_event_kind" AS ENUM('created', 'status', 'note', 'claim_failed', 'claim_locked', 'claim_unlocked', 'defect_flagged', 'defect_decided');--> statement-breakpoint
CREATE TYPE "public"."service_ticket_status" AS ENUM('received', 'at_workshop', 'in_repair', 'quality_check', 'ready_for_pickup', 'picked_up', 'closed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."service_type" AS ENUM('cleaning', 'maintenance', 'repair', 'resizing', 'replating', 'polishing', 'stone_tightening', 'inspection');--> statement-breakpoint
CREATE TABLE "public_rate_windows" (
	"bucket" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "public_rate_windows_bucket_window_start_pk" PRIMARY KEY("bucket","window_start")
);
--> statement-breakpoint
CREATE TABLE "after_sales_photos" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"ticket_id" uuid,
	"stage" "after_sales_photo_stage" NOT NULL,
	"content_type" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"thumbnail" "bytea" NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "follow_up_call_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"call_id" uuid NOT NULL,
	"outcome" "follow_up_outcome" NOT NULL,
	"satisfaction" smallint,
	"comments" text,
	"staff_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "follow_up_call_attempts_satisfaction" CHECK (satisfaction is null or satisfaction between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "follow_up_calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"ticket_id" uuid,
	"kind" "follow_up_kind" NOT NULL,
	"due_on" date NOT NULL,
	"status" "follow_up_status" DEFAULT 'open' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"satisfaction" smallint,
	"complaint_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "follow_up_calls_satisfaction" CHECK (satisfaction is null or satisfaction between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "jewelry_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"member_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"name" text NOT NULL,
	"category" "jewelry_category" NOT NULL,
	"material" text NOT NULL,
	"weight_cg" integer,
	"stone_count" integer DEFAULT 0 NOT NULL,
	"stones" text,
	"certificate_no" text,
	"size" text,
	"purchase_transaction_id" uuid,
	"purchase_line_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "jewelry_items_weight" CHECK (weight_cg is null or weight_cg > 0),
	CONSTRAINT "jewelry_items_stones" CHECK (stone_count >= 0)
);
--> statement-breakpoint
CREATE TABLE "service_ticket_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ticket_id" uuid NOT NULL,
	"kind" "service_ticket_event_kind" NOT NULL,
	"from_status" "service_ticket_status",
	"to_status" "service_ticket_status",
	"note" text,
	"staff_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_tickets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"store_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"service_type" "service_type" NOT NULL,
	"status" "service_ticket_status" DEFAULT 'received' NOT NULL,
	"weight_in_cg" integer NOT NULL,
	"stone_count_in" integer DEFAULT 0 NOT NULL,
	"condition_notes" text,
	"declared_value_fen" bigint DEFAULT 0 NOT NULL,
	"linked_transaction_id" uuid,
	"price_basis" "service_price_basis" NOT NULL,
	"list_price_fen" bigint NOT NULL,
	"charge_fen" bigint NOT NULL,
	"estimated_fee_fen" bigint DEFAULT 0 NOT NULL,
	"promised_on" date NOT NULL,
	"claim_code" text NOT NULL,
	"claim_failures" integer DEFAULT 0 NOT NULL,
	"claim_locked_at" timestamp with time zone,
	"tracking_token_hash" text NOT NULL,
	"ready_at" timestamp with time zone,
	"ready_notified_at" timestamp with time zone,
	"weight_out_cg" integer,
	"stone_count_out" integer,
	"weight_note" text,
	"weight_acknowledged" boolean DEFAULT false NOT NULL,
	"picked_up_at" timestamp with time zone,
	"picked_up_by" uuid,
	"closed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"is_defect_claim" boolean DEFAULT false NOT NULL,
	"defect_evidence" text,
	"defect_outcome" "defect_outcome",
	"defect_decided_by" uuid,
	"defect_decided_at" timestamp with time zone,
	"refund_transaction_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "service_tickets_weights" CHECK (weight_in_cg > 0 and (weight_out_cg is null or weight_out_cg > 0)),
	CONSTRAINT "service_tickets_money" CHECK (list_price_fen >= 0 and charge_fen >= 0 and estimated_fee_fen >= 0 and declared_value_fen >= 0),
	CONSTRAINT "service_tickets_claim_failures" CHECK (claim_failures >= 0)
);
--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "related_ticket_id" uuid;--> statement-breakpoint
ALTER TABLE "after_sales_photos" ADD CONSTRAINT "after_sales_photos_item_id_jewelry_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."jewelry_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "after_sales_photos" ADD CONSTRAINT "after_sales_photos_ticket_id_service_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."service_tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "after_sales_photos" ADD CONSTRAINT "after_sales_photos_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_call_attempts" ADD CONSTRAINT "follow_up_call_attempts_call_id_follow_up_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."follow_up_calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_call_attempts" ADD CONSTRAINT "follow_up_call_attempts_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_calls" ADD CONSTRAINT "follow_up_calls_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_calls" ADD CONSTRAINT "follow_up_calls_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_calls" ADD CONSTRAINT "follow_up_calls_item_id_jewelry_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."jewelry_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_calls" ADD CONSTRAINT "follow_up_calls_ticket_id_service_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."service_tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_calls" ADD CONSTRAINT "follow_up_calls_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jewelry_items" ADD CONSTRAINT "jewelry_items_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jewelry_items" ADD CONSTRAINT "jewelry_items_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jewelry_items" ADD CONSTRAINT "jewelry_items_purchase_transaction_id_sales_transactions_id_fk" FOREIGN KEY ("purchase_transaction_id") REFERENCES "public"."sales_transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jewelry_items" ADD CONSTRAINT "jewelry_items_purchase_line_id_sales_transaction_lines_id_fk" FOREIGN KEY ("purchase_line_id") REFERENCES "public"."sales_transaction_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jewelry_items" ADD CONSTRAINT "jewelry_items_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_ticket_events" ADD CONSTRAINT "service_ticket_events_ticket_id_service_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."service_tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_ticket_events" ADD CONSTRAINT "service_ticket_events_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_tickets" ADD CONSTRAINT "service_tickets_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_tickets" ADD CONSTRAINT "service_tickets_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_tickets" ADD CONSTRAINT "service_tickets_item_id_jewelry_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."jewelry_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_tickets" ADD CONSTRAINT "service_tickets_linked_transaction_id_sales_transactions_id_fk" FOREIGN KEY ("linked_transaction_id") REFERENCES "public"."sales_transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_tickets" ADD CONSTRAINT "service_tickets_picked_up_by_staff_id_fk" FOREIGN KEY ("picked_up_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_tickets" ADD CONSTRAINT "service_tickets_defect_decided_by_staff_id_fk" FOREIGN KEY ("defect_decided_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_tickets" ADD CONSTRAINT "service_tickets_refund_transaction_id_sales_transactions_id_fk" FOREIGN KEY ("refund_transaction_id") REFERENCES "public"."sales_transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_tickets" ADD CONSTRAINT "service_tickets_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "after_sales_photos_item_id_index" ON "after_sales_photos" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "after_sales_photos_ticket_id_index" ON "after_sales_photos" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "follow_up_call_attempts_call_id_at_index" ON "follow_up_call_attempts" USING btree ("call_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "follow_up_calls_ticket_kind" ON "follow_up_calls" USING btree ("ticket_id","kind") WHERE ticket_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "follow_up_calls_item_reminder" ON "follow_up_calls" USING btree ("item_id","kind","due_on") WHERE ticket_id is null;--> statement-breakpoint
CREATE INDEX "follow_up_calls_store_id_status_due_on_index" ON "follow_up_calls" USING btree ("store_id","status","due_on");--> statement-breakpoint
CREATE INDEX "follow_up_calls_member_id_index" ON "follow_up_calls" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "jewelry_items_member_id_index" ON "jewelry_items" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "jewelry_items_store_id_index" ON "jewelry_items" USING btree ("store_id");--> statement-breakpoint
CREATE INDEX "jewelry_items_purchase_transaction_id_index" ON "jewelry_items" USING btree ("purchase_transaction_id");--> statement-breakpoint
CREATE INDEX "service_ticket_events_ticket_id_at_index" ON "service_ticket_events" USING btree ("ticket_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "service_tickets_reference_index" ON "service_tickets" USING btree ("reference");--> statement-breakpoint
CREATE UNIQUE INDEX "service_tickets_tracking_token_hash_index" ON "service_tickets" USING btree ("tracking_token_hash");--> statement-breakpoint
CREATE INDEX "service_tickets_store_id_status_promised_on_index" ON "service_tickets" USING btree ("store_id","status","promised_on");--> statement-breakpoint
CREATE INDEX "service_tickets_member_id_index" ON "service_tickets" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "service_tickets_item_id_index" ON "service_tickets" USING btree ("item_id");--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_related_ticket_id_service_tickets_id_fk" FOREIGN KEY ("related_ticket_id") REFERENCES "public"."service_tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- The custody trail and the call log are append-only, like the ledgers.
CREATE TRIGGER service_ticket_events_append_only BEFORE UPDATE OR DELETE ON service_ticket_events
  FOR EACH ROW EXECUTE FUNCTION atrium_ledger_guard();--> statement-breakpoint
CREATE TRIGGER follow_up_call_attempts_append_only BEFORE UPDATE OR DELETE ON follow_up_call_attempts
  FOR EACH ROW EXECUTE FUNCTION atrium_ledger_guard();
