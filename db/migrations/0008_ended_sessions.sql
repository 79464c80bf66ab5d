CREATE TABLE "ended_sessions" (
	"staff_id" uuid NOT NULL,
	"signed_in_at" timestamp (3) with time zone NOT NULL,
	"ended_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ended_sessions_staff_id_signed_in_at_pk" PRIMARY KEY("staff_id","signed_in_at")
);
--> statement-breakpoint
ALTER TABLE "ended_sessions" ADD CONSTRAINT "ended_sessions_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE cascade ON UPDATE no action;