CREATE TYPE "public"."consent_channel" AS ENUM('sms', 'wechat', 'email');--> statement-breakpoint
CREATE TYPE "public"."important_date_kind" AS ENUM('anniversary', 'partner_birthday', 'birthday_of_child', 'other');--> statement-breakpoint
CREATE TYPE "public"."lifecycle_stage" AS ENUM('potential', 'new', 'regular', 'dormant', 'lost');--> statement-breakpoint
CREATE TYPE "public"."member_gender" AS ENUM('male', 'female', 'unknown');--> statement-breakpoint
CREATE TYPE "public"."registration_channel" AS ENUM('counter', 'app', 'mini_program', 'import');--> statement-breakpoint
CREATE TABLE "member_cards" (
	"card_no" text PRIMARY KEY NOT NULL,
	"member_id" uuid NOT NULL,
	"source" text DEFAULT 'issued' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_consents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"member_id" uuid NOT NULL,
	"channel" "consent_channel" NOT NULL,
	"granted" boolean NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text NOT NULL,
	"recorded_by" uuid
);
--> statement-breakpoint
CREATE TABLE "member_important_dates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"member_id" uuid NOT NULL,
	"kind" "important_date_kind" NOT NULL,
	"label" text,
	"date" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"member_id" uuid NOT NULL,
	"author_staff_id" uuid,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_tags" (
	"member_id" uuid NOT NULL,
	"tag" text NOT NULL,
	CONSTRAINT "member_tags_member_id_tag_pk" PRIMARY KEY("member_id","tag")
);
--> statement-breakpoint
CREATE TABLE "member_wishlist_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"member_id" uuid NOT NULL,
	"description" text NOT NULL,
	"sku" text,
	"price_fen" integer,
	"added_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"home_store_id" uuid NOT NULL,
	"name" text NOT NULL,
	"name_pinyin" text DEFAULT '' NOT NULL,
	"name_initials" text DEFAULT '' NOT NULL,
	"name_grams" text[] DEFAULT '{}'::text[] NOT NULL,
	"gender" "member_gender" DEFAULT 'unknown' NOT NULL,
	"birthday" date,
	"phone_e164" text,
	"phone_last4" text,
	"email" "citext",
	"address" text,
	"registration_channel" "registration_channel" DEFAULT 'counter' NOT NULL,
	"registered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"advisor_id" uuid,
	"privacy_policy_version" text,
	"profile" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"tier" text DEFAULT 'normal' NOT NULL,
	"lifecycle_stage" "lifecycle_stage" DEFAULT 'potential' NOT NULL,
	"rfm_recency" smallint,
	"rfm_frequency" smallint,
	"rfm_monetary" smallint,
	"rfm_segment" text,
	"merged_into_id" uuid,
	"erased_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "member_cards" ADD CONSTRAINT "member_cards_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_consents" ADD CONSTRAINT "member_consents_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_consents" ADD CONSTRAINT "member_consents_recorded_by_staff_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_important_dates" ADD CONSTRAINT "member_important_dates_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_notes" ADD CONSTRAINT "member_notes_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_notes" ADD CONSTRAINT "member_notes_author_staff_id_staff_id_fk" FOREIGN KEY ("author_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_tags" ADD CONSTRAINT "member_tags_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_wishlist_items" ADD CONSTRAINT "member_wishlist_items_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_wishlist_items" ADD CONSTRAINT "member_wishlist_items_added_by_staff_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_home_store_id_stores_id_fk" FOREIGN KEY ("home_store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_advisor_id_staff_id_fk" FOREIGN KEY ("advisor_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "member_cards_member_id_index" ON "member_cards" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "member_consents_member_id_channel_recorded_at_index" ON "member_consents" USING btree ("member_id","channel","recorded_at");--> statement-breakpoint
CREATE INDEX "member_important_dates_member_id_index" ON "member_important_dates" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "member_notes_member_id_created_at_index" ON "member_notes" USING btree ("member_id","created_at");--> statement-breakpoint
CREATE INDEX "member_tags_tag_index" ON "member_tags" USING btree ("tag");--> statement-breakpoint
CREATE INDEX "member_wishlist_items_member_id_index" ON "member_wishlist_items" USING btree ("member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "members_phone_e164_unique" ON "members" USING btree ("phone_e164");--> statement-breakpoint
CREATE INDEX "members_phone_last4_idx" ON "members" USING btree ("phone_last4");--> statement-breakpoint
CREATE INDEX "members_name_grams_gin" ON "members" USING gin ("name_grams");--> statement-breakpoint
CREATE INDEX "members_name_initials_idx" ON "members" USING btree ("name_initials" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "members_name_pinyin_trgm" ON "members" USING gin ("name_pinyin" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "members_home_store_idx" ON "members" USING btree ("home_store_id");--> statement-breakpoint
CREATE INDEX "members_advisor_idx" ON "members" USING btree ("advisor_id");--> statement-breakpoint
CREATE INDEX "members_name_birthday_idx" ON "members" USING btree ("name","birthday");