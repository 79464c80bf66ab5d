CREATE TYPE "public"."api_key_kind" AS ENUM('pos', 'member_app');--> statement-breakpoint
ALTER TYPE "public"."stored_value_entry_kind" ADD VALUE 'bonus';--> statement-breakpoint
CREATE TABLE "stored_value_bonus_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"card_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"top_up_entry_id" bigint,
	"amount_fen" bigint NOT NULL,
	"reason" text NOT NULL,
	"status" "points_adjustment_status" DEFAULT 'pending' NOT NULL,
	"requested_by" uuid NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"entry_id" bigint,
	CONSTRAINT "stored_value_bonus_requests_positive" CHECK (amount_fen > 0),
	CONSTRAINT "stored_value_bonus_requests_checker_is_not_maker" CHECK (decided_by is null or decided_by <> requested_by)
);
--> statement-breakpoint
CREATE TABLE "api_member_lookups" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"api_key_id" uuid NOT NULL,
	"member_id" uuid,
	"looked_up_by" text NOT NULL,
	"found" boolean NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_presence_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"member_id" uuid NOT NULL,
	"code_hash" text NOT NULL,
	"issued_by_api_key_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"used_by_api_key_id" uuid,
	"failed_attempts" smallint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "kind" "api_key_kind" DEFAULT 'pos' NOT NULL;--> statement-breakpoint
ALTER TABLE "stored_value_bonus_requests" ADD CONSTRAINT "stored_value_bonus_requests_card_id_stored_value_cards_id_fk" FOREIGN KEY ("card_id") REFERENCES "public"."stored_value_cards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stored_value_bonus_requests" ADD CONSTRAINT "stored_value_bonus_requests_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stored_value_bonus_requests" ADD CONSTRAINT "stored_value_bonus_requests_top_up_entry_id_stored_value_entries_id_fk" FOREIGN KEY ("top_up_entry_id") REFERENCES "public"."stored_value_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stored_value_bonus_requests" ADD CONSTRAINT "stored_value_bonus_requests_requested_by_staff_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stored_value_bonus_requests" ADD CONSTRAINT "stored_value_bonus_requests_decided_by_staff_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stored_value_bonus_requests" ADD CONSTRAINT "stored_value_bonus_requests_entry_id_stored_value_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."stored_value_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_member_lookups" ADD CONSTRAINT "api_member_lookups_api_key_id_api_keys_id_fk" FOREIGN KEY ("api_key_id") REFERENCES "public"."api_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_member_lookups" ADD CONSTRAINT "api_member_lookups_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_presence_codes" ADD CONSTRAINT "member_presence_codes_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_presence_codes" ADD CONSTRAINT "member_presence_codes_issued_by_api_key_id_api_keys_id_fk" FOREIGN KEY ("issued_by_api_key_id") REFERENCES "public"."api_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_presence_codes" ADD CONSTRAINT "member_presence_codes_used_by_api_key_id_api_keys_id_fk" FOREIGN KEY ("used_by_api_key_id") REFERENCES "public"."api_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stored_value_bonus_requests_status_requested_at_index" ON "stored_value_bonus_requests" USING btree ("status","requested_at");--> statement-breakpoint
CREATE INDEX "stored_value_bonus_requests_card_id_index" ON "stored_value_bonus_requests" USING btree ("card_id");--> statement-breakpoint
CREATE INDEX "api_member_lookups_api_key_id_created_at_index" ON "api_member_lookups" USING btree ("api_key_id","created_at");--> statement-breakpoint
CREATE INDEX "api_member_lookups_member_id_created_at_index" ON "api_member_lookups" USING btree ("member_id","created_at");--> statement-breakpoint
CREATE INDEX "api_member_lookups_created_at_index" ON "api_member_lookups" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "member_presence_codes_member_id_created_at_index" ON "member_presence_codes" USING btree ("member_id","created_at");--> statement-breakpoint
CREATE INDEX "member_presence_codes_expires_at_index" ON "member_presence_codes" USING btree ("expires_at");