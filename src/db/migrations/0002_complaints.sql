CREATE TABLE "complaint_counters" (
	"org_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "complaint_counters_org_id_year_pk" PRIMARY KEY("org_id","year")
);
--> statement-breakpoint
CREATE TABLE "complaint_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"org_id" uuid NOT NULL,
	"complaint_id" uuid NOT NULL,
	"type" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "complaint_idempotency" (
	"org_id" uuid NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"complaint_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "complaint_idempotency_org_id_key_pk" PRIMARY KEY("org_id","key")
);
--> statement-breakpoint
CREATE TABLE "complaint_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"org_id" uuid NOT NULL,
	"complaint_id" uuid NOT NULL,
	"author_type" text NOT NULL,
	"author_id" uuid,
	"internal" boolean DEFAULT false NOT NULL,
	"body_enc" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "complaints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"tracking_hash" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"category" text NOT NULL,
	"severity" text,
	"urgency" text DEFAULT 'normal' NOT NULL,
	"vulnerabilities" text[] DEFAULT '{}'::text[] NOT NULL,
	"language" text DEFAULT 'fr' NOT NULL,
	"timezone" text DEFAULT 'Europe/Paris' NOT NULL,
	"description_enc" text NOT NULL,
	"remedy_sought_enc" text,
	"status" text DEFAULT 'received' NOT NULL,
	"escalation_level" smallint DEFAULT 1 NOT NULL,
	"assignee_id" uuid,
	"review_reason" text,
	"received_at" timestamp (3) with time zone NOT NULL,
	"ack_due_on" text NOT NULL,
	"answer_due_on" text NOT NULL,
	"ack_warn_at" timestamp (3) with time zone NOT NULL,
	"answer_warn_at" timestamp (3) with time zone NOT NULL,
	"acknowledged_at" timestamp (3) with time zone,
	"assessed_at" timestamp (3) with time zone,
	"investigating_at" timestamp (3) with time zone,
	"answered_at" timestamp (3) with time zone,
	"closed_at" timestamp (3) with time zone,
	"reopened_at" timestamp (3) with time zone,
	"escalated_at" timestamp (3) with time zone,
	"mediation_referred_at" timestamp (3) with time zone,
	"decision" text,
	"decision_reasons_enc" text,
	"root_cause" text,
	"remedy_given" text,
	"customer_response" text,
	"customer_responded_at" timestamp (3) with time zone,
	"satisfaction" smallint,
	"satisfaction_comment_enc" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "advisors" (
	"org_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"deputy_id" uuid,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "advisors_org_id_user_id_pk" PRIMARY KEY("org_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "complaint_events" ADD CONSTRAINT "complaint_events_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_messages" ADD CONSTRAINT "complaint_messages_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "complaint_events_complaint_idx" ON "complaint_events" USING btree ("org_id","complaint_id","created_at");--> statement-breakpoint
CREATE INDEX "complaint_messages_complaint_idx" ON "complaint_messages" USING btree ("org_id","complaint_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "complaints_reference_idx" ON "complaints" USING btree ("org_id","reference");--> statement-breakpoint
CREATE UNIQUE INDEX "complaints_tracking_idx" ON "complaints" USING btree ("tracking_hash");--> statement-breakpoint
CREATE INDEX "complaints_status_idx" ON "complaints" USING btree ("org_id","status");--> statement-breakpoint
CREATE INDEX "complaints_assignee_idx" ON "complaints" USING btree ("org_id","assignee_id");--> statement-breakpoint
CREATE INDEX "complaints_customer_idx" ON "complaints" USING btree ("org_id","customer_id","received_at");--> statement-breakpoint
CREATE INDEX "advisors_deputy_idx" ON "advisors" USING btree ("org_id","deputy_id");