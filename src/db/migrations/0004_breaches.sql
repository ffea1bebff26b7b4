CREATE TABLE "breach_subject_notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"breach_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"locale" text NOT NULL,
	"queued_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "breach_supplements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"breach_id" uuid NOT NULL,
	"provided_at" timestamp (3) with time zone NOT NULL,
	"content" text NOT NULL,
	"created_by" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "breaches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"title" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"aware_at" timestamp (3) with time zone NOT NULL,
	"occurred_at" timestamp (3) with time zone,
	"discovery_source" text NOT NULL,
	"description" text NOT NULL,
	"breach_types" text[] NOT NULL,
	"data_categories" text NOT NULL,
	"subject_categories" text NOT NULL,
	"approx_subjects" integer,
	"approx_records" integer,
	"dpo_contact" text NOT NULL,
	"consequences" text NOT NULL,
	"measures" text NOT NULL,
	"risk" text NOT NULL,
	"risk_reasons" text NOT NULL,
	"authority_due_at" timestamp (3) with time zone NOT NULL,
	"authority_notified_at" timestamp (3) with time zone,
	"authority_reference" text,
	"authority_channel" text,
	"delay_reasons" text,
	"waiver_reason" text,
	"waived_at" timestamp (3) with time zone,
	"subjects_decision" text DEFAULT 'not_required' NOT NULL,
	"subjects_audience" text,
	"subjects_notified_at" timestamp (3) with time zone,
	"subjects_notified_count" integer DEFAULT 0 NOT NULL,
	"subjects_exemption" text,
	"subjects_exemption_reason" text,
	"public_communication" text,
	"closed_at" timestamp (3) with time zone,
	"created_by" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "breach_subject_notices_once_idx" ON "breach_subject_notices" USING btree ("org_id","breach_id","customer_id");--> statement-breakpoint
CREATE INDEX "breach_subject_notices_subject_idx" ON "breach_subject_notices" USING btree ("org_id","customer_id");--> statement-breakpoint
CREATE INDEX "breach_supplements_breach_idx" ON "breach_supplements" USING btree ("org_id","breach_id");--> statement-breakpoint
CREATE UNIQUE INDEX "breaches_reference_idx" ON "breaches" USING btree ("org_id","reference");--> statement-breakpoint
CREATE INDEX "breaches_status_idx" ON "breaches" USING btree ("org_id","status","authority_due_at");