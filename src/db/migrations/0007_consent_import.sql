CREATE TABLE "processing_activities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"key" text NOT NULL,
	"origin" text NOT NULL,
	"name" text NOT NULL,
	"purposes" text NOT NULL,
	"legal_basis" text,
	"data_use" text,
	"subject_categories" text[] DEFAULT '{}'::text[] NOT NULL,
	"data_categories" text[] DEFAULT '{}'::text[] NOT NULL,
	"recipients" text DEFAULT '' NOT NULL,
	"transfers" text DEFAULT '' NOT NULL,
	"safeguards" text DEFAULT '' NOT NULL,
	"erasure_limits" text DEFAULT '' NOT NULL,
	"security_measures" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"updated_by" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "register_controllers" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"controller_name" text NOT NULL,
	"controller_contact" text NOT NULL,
	"joint_controllers" text DEFAULT '' NOT NULL,
	"representative" text DEFAULT '' NOT NULL,
	"dpo_name" text DEFAULT '' NOT NULL,
	"dpo_contact" text DEFAULT '' NOT NULL,
	"updated_by" text,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "retention_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"trigger" text NOT NULL,
	"actor_id" text,
	"status" text NOT NULL,
	"purged" integer DEFAULT 0 NOT NULL,
	"held" integer DEFAULT 0 NOT NULL,
	"results" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"failed_rule" text,
	"started_at" timestamp (3) with time zone NOT NULL,
	"finished_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "retention_settings" (
	"org_id" uuid NOT NULL,
	"rule" text NOT NULL,
	"amount" integer NOT NULL,
	"unit" text NOT NULL,
	"updated_by" text,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "retention_settings_org_id_rule_pk" PRIMARY KEY("org_id","rule")
);
--> statement-breakpoint
ALTER TABLE "consent_states" ALTER COLUMN "event_seq" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "consent_events" ADD COLUMN "proof_ref" text;--> statement-breakpoint
ALTER TABLE "consent_events" ADD COLUMN "original_method" text;--> statement-breakpoint
ALTER TABLE "consent_events" ADD COLUMN "import_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "processing_activities_key_idx" ON "processing_activities" USING btree ("org_id","key");--> statement-breakpoint
CREATE INDEX "retention_runs_org_idx" ON "retention_runs" USING btree ("org_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "consent_events_import_key_idx" ON "consent_events" USING btree ("org_id","import_key");