CREATE TYPE "public"."sales_transaction_kind" AS ENUM('purchase', 'refund');--> statement-breakpoint
CREATE TABLE "sales_transactions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"member_id" uuid,
	"external_id" text NOT NULL,
	"kind" "sales_transaction_kind" NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"net_paid_fen" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sales_transactions_storeId_externalId_unique" UNIQUE("store_id","external_id")
);
--> statement-breakpoint
ALTER TABLE "sales_transactions" ADD CONSTRAINT "sales_transactions_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_transactions" ADD CONSTRAINT "sales_transactions_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sales_transactions_member_id_occurred_at_index" ON "sales_transactions" USING btree ("member_id","occurred_at");