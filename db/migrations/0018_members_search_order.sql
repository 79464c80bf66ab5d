ALTER TABLE "members" ADD COLUMN "name_pair1" text GENERATED ALWAYS AS (member_name_pair(name_grams, 1)) STORED;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "name_pair2" text GENERATED ALWAYS AS (member_name_pair(name_grams, 2)) STORED;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "name_pair3" text GENERATED ALWAYS AS (member_name_pair(name_grams, 3)) STORED;--> statement-breakpoint
CREATE INDEX "members_search_last4_idx" ON "members" USING btree ("phone_last4","name_pinyin","id","home_store_id") WHERE merged_into_id is null;--> statement-breakpoint
CREATE INDEX "members_search_initials_idx" ON "members" USING btree ("name_initials" text_pattern_ops,"name_pinyin","id","home_store_id") WHERE merged_into_id is null;--> statement-breakpoint
CREATE INDEX "members_search_pair_1_idx" ON "members" USING btree ("name_pair1","name_pinyin","id","home_store_id") WHERE merged_into_id is null;--> statement-breakpoint
CREATE INDEX "members_search_pair_2_idx" ON "members" USING btree ("name_pair2","name_pinyin","id","home_store_id") WHERE merged_into_id is null;--> statement-breakpoint
CREATE INDEX "members_search_long_names_gin" ON "members" USING gin ("name_grams") WHERE merged_into_id is null and name_pair3 is not null;