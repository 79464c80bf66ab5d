CREATE TYPE "public"."complaint_compensation_kind" AS ENUM('points', 'coupon');--> statement-breakpoint
CREATE TYPE "public"."complaint_compensation_status" AS ENUM('pending', 'approved', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."complaint_category" AS ENUM('product_quality', 'service_attitude', 'after_sales', 'price_promotion', 'points_membership', 'environment_facilities', 'parking');--> statement-breakpoint
CREATE TYPE "public"."complaint_channel" AS ENUM('in_store', 'hotline', 'wechat', 'email', 'regulator_12315');--> statement-breakpoint
CREATE TYPE "public"."complaint_event_kind" AS ENUM('created', 'note', 'contact', 'status', 'assigned', 'paused', 'resumed', 'reopened', 'warned', 'escalated', 'compensation', 'survey');--> statement-breakpoint
CREATE TYPE "public"."complaint_severity" AS ENUM('low', 'medium', 'high', 'critical');--> statement-breakpoint
CREATE TYPE "public"."complaint_status" AS ENUM('new', 'acknowledged', 'investigating', 'waiting_on_customer', 'resolved', 'closed');--> statement-breakpoint
CREATE TABLE "complaint_budgets" (
	"store_id" uuid NOT NULL,
	"month" date NOT NULL,
	"budget_fen" bigint NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "complaint_budgets_store_id_month_pk" PRIMARY KEY("store_id","month"),
	CONSTRAINT "complaint_budgets_nonnegative" CHECK (budget_fen >= 0)
);
--> statement-breakpoint
CREATE TABLE "complaint_compensations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"complaint_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"kind" "complaint_compensation_kind" NOT NULL,
	"points" integer,
	"value_fen" bigint NOT NULL,
	"reason" text NOT NULL,
	"status" "complaint_compensation_status" DEFAULT 'pending' NOT NULL,
	"requested_by" uuid NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"budget_month" date NOT NULL,
	"points_entry_id" bigint,
	CONSTRAINT "complaint_compensations_value" CHECK (value_fen > 0),
	CONSTRAINT "complaint_compensations_points" CHECK (kind <> 'points' or points > 0),
	CONSTRAINT "complaint_compensations_checker_is_not_maker" CHECK (decided_by is null or decided_by <> requested_by)
);
--> statement-breakpoint
CREATE TABLE "complaint_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"complaint_id" uuid NOT NULL,
	"kind" "complaint_event_kind" NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"channel" text,
	"outcome" text,
	"from_status" "complaint_status",
	"to_status" "complaint_status",
	"actor_staff_id" uuid,
	"actor_label" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "complaint_pauses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"complaint_id" uuid NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"reason" text NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "complaints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"store_id" uuid NOT NULL,
	"member_id" uuid,
	"customer_name" text,
	"customer_contact" text,
	"channel" "complaint_channel" NOT NULL,
	"category" "complaint_category" NOT NULL,
	"severity" "complaint_severity" NOT NULL,
	"status" "complaint_status" DEFAULT 'new' NOT NULL,
	"description" text NOT NULL,
	"related_transaction_id" uuid,
	"related_appointment_id" uuid,
	"related_ticket_ref" text,
	"assignee_id" uuid,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"first_response_target_min" integer NOT NULL,
	"resolution_target_min" integer NOT NULL,
	"first_response_due_at" timestamp with time zone NOT NULL,
	"resolution_due_at" timestamp with time zone NOT NULL,
	"first_responded_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"root_cause" text,
	"action_taken" text,
	"regulator_referral" boolean DEFAULT false NOT NULL,
	"regulator_deadline" date,
	"response_warned_at" timestamp with time zone,
	"response_escalated_at" timestamp with time zone,
	"resolution_warned_at" timestamp with time zone,
	"resolution_escalated_at" timestamp with time zone,
	"satisfaction_score" smallint,
	"satisfaction_comment" text,
	"survey_token_hash" text,
	"survey_sent_at" timestamp with time zone,
	"survey_answered_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "complaints_customer" CHECK (member_id is not null or customer_contact is not null),
	CONSTRAINT "complaints_satisfaction" CHECK (satisfaction_score is null or satisfaction_score between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "inquiries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"member_id" uuid,
	"customer_name" text,
	"customer_contact" text,
	"channel" "complaint_channel" NOT NULL,
	"topic" text NOT NULL,
	"question" text NOT NULL,
	"answer" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"answered_at" timestamp with time zone,
	"answered_by" uuid,
	"complaint_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff_notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"staff_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"message_key" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"href" text,
	"dedupe_key" text NOT NULL,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "complaint_budgets" ADD CONSTRAINT "complaint_budgets_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_budgets" ADD CONSTRAINT "complaint_budgets_updated_by_staff_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_compensations" ADD CONSTRAINT "complaint_compensations_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_compensations" ADD CONSTRAINT "complaint_compensations_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_compensations" ADD CONSTRAINT "complaint_compensations_requested_by_staff_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_compensations" ADD CONSTRAINT "complaint_compensations_decided_by_staff_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_compensations" ADD CONSTRAINT "complaint_compensations_points_entry_id_points_entries_id_fk" FOREIGN KEY ("points_entry_id") REFERENCES "public"."points_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_events" ADD CONSTRAINT "complaint_events_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_events" ADD CONSTRAINT "complaint_events_actor_staff_id_staff_id_fk" FOREIGN KEY ("actor_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_pauses" ADD CONSTRAINT "complaint_pauses_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_pauses" ADD CONSTRAINT "complaint_pauses_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_related_transaction_id_sales_transactions_id_fk" FOREIGN KEY ("related_transaction_id") REFERENCES "public"."sales_transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_related_appointment_id_appointments_id_fk" FOREIGN KEY ("related_appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_assignee_id_staff_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inquiries" ADD CONSTRAINT "inquiries_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inquiries" ADD CONSTRAINT "inquiries_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inquiries" ADD CONSTRAINT "inquiries_answered_by_staff_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inquiries" ADD CONSTRAINT "inquiries_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inquiries" ADD CONSTRAINT "inquiries_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_notifications" ADD CONSTRAINT "staff_notifications_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "complaint_compensations_complaint_id_index" ON "complaint_compensations" USING btree ("complaint_id");--> statement-breakpoint
CREATE INDEX "complaint_compensations_store_id_budget_month_status_index" ON "complaint_compensations" USING btree ("store_id","budget_month","status");--> statement-breakpoint
CREATE INDEX "complaint_events_complaint_id_id_index" ON "complaint_events" USING btree ("complaint_id","id");--> statement-breakpoint
CREATE INDEX "complaint_pauses_complaint_id_started_at_index" ON "complaint_pauses" USING btree ("complaint_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "complaints_reference_index" ON "complaints" USING btree ("reference");--> statement-breakpoint
CREATE UNIQUE INDEX "complaints_survey_token_hash_index" ON "complaints" USING btree ("survey_token_hash");--> statement-breakpoint
CREATE INDEX "complaints_store_id_status_resolution_due_at_index" ON "complaints" USING btree ("store_id","status","resolution_due_at");--> statement-breakpoint
CREATE INDEX "complaints_assignee_id_status_index" ON "complaints" USING btree ("assignee_id","status");--> statement-breakpoint
CREATE INDEX "complaints_member_id_index" ON "complaints" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "inquiries_store_id_received_at_index" ON "inquiries" USING btree ("store_id","received_at");--> statement-breakpoint
CREATE INDEX "inquiries_member_id_index" ON "inquiries" USING btree ("member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "staff_notifications_dedupe_key_staff_id_index" ON "staff_notifications" USING btree ("dedupe_key","staff_id");--> statement-breakpoint
CREATE INDEX "staff_notifications_staff_id_read_at_created_at_index" ON "staff_notifications" USING btree ("staff_id","read_at","created_at");