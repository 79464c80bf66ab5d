CREATE TABLE "store_daily_rollups" (
	"store_id" uuid NOT NULL,
	"day" date NOT NULL,
	"member_purchases" integer DEFAULT 0 NOT NULL,
	"non_member_purchases" integer DEFAULT 0 NOT NULL,
	"member_sales_fen" bigint DEFAULT 0 NOT NULL,
	"non_member_sales_fen" bigint DEFAULT 0 NOT NULL,
	"refunds" integer DEFAULT 0 NOT NULL,
	"refunds_fen" bigint DEFAULT 0 NOT NULL,
	"new_members" integer DEFAULT 0 NOT NULL,
	"points_issued" bigint DEFAULT 0 NOT NULL,
	"points_redeemed" bigint DEFAULT 0 NOT NULL,
	"points_expired" bigint DEFAULT 0 NOT NULL,
	"appointments_booked" integer DEFAULT 0 NOT NULL,
	"appointments_completed" integer DEFAULT 0 NOT NULL,
	"appointments_no_show" integer DEFAULT 0 NOT NULL,
	"appointments_converted" integer DEFAULT 0 NOT NULL,
	"tier_upgrades" integer DEFAULT 0 NOT NULL,
	"tier_downgrades" integer DEFAULT 0 NOT NULL,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "store_daily_rollups_store_id_day_pk" PRIMARY KEY("store_id","day")
);
--> statement-breakpoint
ALTER TABLE "store_daily_rollups" ADD CONSTRAINT "store_daily_rollups_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "members_registered_at_idx" ON "members" USING btree ("registered_at");--> statement-breakpoint
CREATE INDEX "member_tier_events_created_at_index" ON "member_tier_events" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "points_entries_occurred_at_index" ON "points_entries" USING btree ("occurred_at");