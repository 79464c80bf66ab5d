CREATE TYPE "public"."payment_method" AS ENUM('wechat', 'alipay', 'card', 'cash', 'stored_value', 'points');--> statement-breakpoint
CREATE TYPE "public"."points_adjustment_status" AS ENUM('pending', 'approved', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."points_entry_kind" AS ENUM('earn', 'bonus', 'activity', 'adjustment', 'spend', 'reversal', 'return', 'expiry');--> statement-breakpoint
CREATE TYPE "public"."redemption_type" AS ENUM('parking', 'gift', 'cash_offset');--> statement-breakpoint
CREATE TYPE "public"."stored_value_card_status" AS ENUM('active', 'frozen', 'replaced', 'closed');--> statement-breakpoint
CREATE TYPE "public"."stored_value_entry_kind" AS ENUM('top_up', 'spend', 'refund', 'transfer_out', 'transfer_in', 'principal_refund');--> statement-breakpoint
CREATE TYPE "public"."tier_event_kind" AS ENUM('upgrade', 'downgrade', 'downgrade_notice', 'grant', 'grant_end', 'kept');--> statement-breakpoint
CREATE TABLE "sales_payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"transaction_id" uuid NOT NULL,
	"method" "payment_method" NOT NULL,
	"amount_fen" bigint NOT NULL,
	"stored_value_card_id" uuid,
	"points" integer
);
--> statement-breakpoint
CREATE TABLE "sales_transaction_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"transaction_id" uuid NOT NULL,
	"line_no" integer NOT NULL,
	"sku" text NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price_fen" bigint NOT NULL,
	"amount_fen" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gifts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"points_cost" integer NOT NULL,
	"stock" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gifts_stock_not_negative" CHECK (stock >= 0),
	CONSTRAINT "gifts_cost_positive" CHECK (points_cost > 0)
);
--> statement-breakpoint
CREATE TABLE "member_tier_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"member_id" uuid NOT NULL,
	"kind" "tier_event_kind" NOT NULL,
	"from_tier" text NOT NULL,
	"to_tier" text NOT NULL,
	"spend_fen" bigint,
	"effective_on" date,
	"reason" text,
	"transaction_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "points_adjustments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"member_id" uuid NOT NULL,
	"points" integer NOT NULL,
	"reason" text NOT NULL,
	"status" "points_adjustment_status" NOT NULL,
	"requested_by" uuid NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"entry_id" bigint,
	CONSTRAINT "points_adjustments_nonzero" CHECK (points <> 0),
	CONSTRAINT "points_adjustments_checker_is_not_maker" CHECK (decided_by is null or decided_by <> requested_by)
);
--> statement-breakpoint
CREATE TABLE "points_allocations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"entry_id" bigint NOT NULL,
	"lot_id" bigint NOT NULL,
	"points" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "points_allocations_positive" CHECK (points > 0)
);
--> statement-breakpoint
CREATE TABLE "points_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"member_id" uuid NOT NULL,
	"kind" "points_entry_kind" NOT NULL,
	"points" integer NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"store_id" uuid,
	"transaction_id" uuid,
	"redemption_id" uuid,
	"adjustment_id" uuid,
	"reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "points_entries_nonzero" CHECK (points <> 0)
);
--> statement-breakpoint
CREATE TABLE "points_lots" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"member_id" uuid NOT NULL,
	"entry_id" bigint NOT NULL,
	"points" integer NOT NULL,
	"earned_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"remaining" integer NOT NULL,
	CONSTRAINT "points_lots_positive" CHECK (points > 0),
	CONSTRAINT "points_lots_remaining_range" CHECK (remaining >= 0 and remaining <= points)
);
--> statement-breakpoint
CREATE TABLE "redemptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"member_id" uuid NOT NULL,
	"type" "redemption_type" NOT NULL,
	"gift_id" uuid,
	"quantity" integer,
	"hours" integer,
	"points" integer NOT NULL,
	"value_fen" bigint,
	"store_id" uuid,
	"staff_id" uuid,
	"api_key_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stored_value_cards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"card_no" text NOT NULL,
	"member_id" uuid,
	"store_id" uuid NOT NULL,
	"status" "stored_value_card_status" DEFAULT 'active' NOT NULL,
	"replaced_by_id" uuid,
	"issued_by" uuid,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status_changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stored_value_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"card_id" uuid NOT NULL,
	"kind" "stored_value_entry_kind" NOT NULL,
	"principal_fen" bigint NOT NULL,
	"bonus_fen" bigint DEFAULT 0 NOT NULL,
	"store_id" uuid,
	"transaction_id" uuid,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"rate_limit_per_minute" integer DEFAULT 600 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"api_key_id" uuid NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"response_status" smallint DEFAULT 0 NOT NULL,
	"response_body" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_api_key_id_key_pk" PRIMARY KEY("api_key_id","key")
);
--> statement-breakpoint
ALTER TABLE "sales_transactions" DROP CONSTRAINT "sales_transactions_storeId_externalId_unique";--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "tier_since" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "tier_granted_until" date;--> statement-breakpoint
ALTER TABLE "sales_transactions" ADD COLUMN "original_id" uuid;--> statement-breakpoint
ALTER TABLE "sales_transactions" ADD COLUMN "gross_fen" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sales_transactions" ADD COLUMN "discount_fen" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sales_transactions" ADD COLUMN "total_paid_fen" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sales_transactions" ADD COLUMN "tier_before" text;--> statement-breakpoint
ALTER TABLE "sales_transactions" ADD COLUMN "multiplier" numeric(4, 2);--> statement-breakpoint
ALTER TABLE "sales_transactions" ADD COLUMN "points_earned" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sales_transactions" ADD COLUMN "bonus_points" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sales_payments" ADD CONSTRAINT "sales_payments_transaction_id_sales_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."sales_transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_transaction_lines" ADD CONSTRAINT "sales_transaction_lines_transaction_id_sales_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."sales_transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_tier_events" ADD CONSTRAINT "member_tier_events_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_tier_events" ADD CONSTRAINT "member_tier_events_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_adjustments" ADD CONSTRAINT "points_adjustments_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_adjustments" ADD CONSTRAINT "points_adjustments_requested_by_staff_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_adjustments" ADD CONSTRAINT "points_adjustments_decided_by_staff_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_adjustments" ADD CONSTRAINT "points_adjustments_entry_id_points_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."points_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_allocations" ADD CONSTRAINT "points_allocations_entry_id_points_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."points_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_allocations" ADD CONSTRAINT "points_allocations_lot_id_points_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."points_lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_entries" ADD CONSTRAINT "points_entries_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_entries" ADD CONSTRAINT "points_entries_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_entries" ADD CONSTRAINT "points_entries_transaction_id_sales_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."sales_transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_entries" ADD CONSTRAINT "points_entries_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_lots" ADD CONSTRAINT "points_lots_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_lots" ADD CONSTRAINT "points_lots_entry_id_points_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."points_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_gift_id_gifts_id_fk" FOREIGN KEY ("gift_id") REFERENCES "public"."gifts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stored_value_cards" ADD CONSTRAINT "stored_value_cards_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stored_value_cards" ADD CONSTRAINT "stored_value_cards_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stored_value_cards" ADD CONSTRAINT "stored_value_cards_issued_by_staff_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stored_value_entries" ADD CONSTRAINT "stored_value_entries_card_id_stored_value_cards_id_fk" FOREIGN KEY ("card_id") REFERENCES "public"."stored_value_cards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stored_value_entries" ADD CONSTRAINT "stored_value_entries_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stored_value_entries" ADD CONSTRAINT "stored_value_entries_transaction_id_sales_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."sales_transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stored_value_entries" ADD CONSTRAINT "stored_value_entries_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_revoked_by_staff_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_api_key_id_api_keys_id_fk" FOREIGN KEY ("api_key_id") REFERENCES "public"."api_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sales_payments_transaction_id_index" ON "sales_payments" USING btree ("transaction_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sales_transaction_lines_transaction_id_line_no_index" ON "sales_transaction_lines" USING btree ("transaction_id","line_no");--> statement-breakpoint
CREATE UNIQUE INDEX "gifts_code_index" ON "gifts" USING btree ("code");--> statement-breakpoint
CREATE INDEX "member_tier_events_member_id_id_index" ON "member_tier_events" USING btree ("member_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "member_tier_events_notice_unique" ON "member_tier_events" USING btree ("member_id","effective_on") WHERE kind = 'downgrade_notice';--> statement-breakpoint
CREATE INDEX "points_adjustments_status_requested_at_index" ON "points_adjustments" USING btree ("status","requested_at");--> statement-breakpoint
CREATE INDEX "points_adjustments_member_id_index" ON "points_adjustments" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "points_allocations_entry_id_index" ON "points_allocations" USING btree ("entry_id");--> statement-breakpoint
CREATE INDEX "points_allocations_lot_id_index" ON "points_allocations" USING btree ("lot_id");--> statement-breakpoint
CREATE INDEX "points_entries_member_id_id_index" ON "points_entries" USING btree ("member_id","id");--> statement-breakpoint
CREATE INDEX "points_entries_transaction_id_index" ON "points_entries" USING btree ("transaction_id");--> statement-breakpoint
CREATE UNIQUE INDEX "points_lots_entry_id_index" ON "points_lots" USING btree ("entry_id");--> statement-breakpoint
CREATE INDEX "points_lots_open_idx" ON "points_lots" USING btree ("member_id","expires_at","id") WHERE remaining > 0;--> statement-breakpoint
CREATE INDEX "points_lots_expiring_idx" ON "points_lots" USING btree ("expires_at") WHERE remaining > 0;--> statement-breakpoint
CREATE INDEX "redemptions_member_id_created_at_index" ON "redemptions" USING btree ("member_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "stored_value_cards_card_no_index" ON "stored_value_cards" USING btree ("card_no");--> statement-breakpoint
CREATE INDEX "stored_value_cards_member_id_index" ON "stored_value_cards" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "stored_value_cards_store_id_index" ON "stored_value_cards" USING btree ("store_id");--> statement-breakpoint
CREATE INDEX "stored_value_entries_card_id_id_index" ON "stored_value_entries" USING btree ("card_id","id");--> statement-breakpoint
CREATE INDEX "stored_value_entries_transaction_id_index" ON "stored_value_entries" USING btree ("transaction_id");--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_key_hash_index" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "api_keys_store_id_index" ON "api_keys" USING btree ("store_id");--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_at_index" ON "idempotency_keys" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "sales_transactions_purchase_external_unique" ON "sales_transactions" USING btree ("store_id","external_id") WHERE kind = 'purchase';--> statement-breakpoint
CREATE UNIQUE INDEX "sales_transactions_refund_external_unique" ON "sales_transactions" USING btree ("original_id","external_id") WHERE kind = 'refund';--> statement-breakpoint
CREATE INDEX "sales_transactions_original_id_index" ON "sales_transactions" USING btree ("original_id");--> statement-breakpoint
CREATE INDEX "sales_transactions_store_id_occurred_at_index" ON "sales_transactions" USING btree ("store_id","occurred_at");--> statement-breakpoint
ALTER TABLE "sales_transactions" ADD CONSTRAINT "sales_transactions_refund_has_original" CHECK ((kind = 'refund') = (original_id is not null));