CREATE TABLE "consent_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"org_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"purpose_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"kind" text NOT NULL,
	"notice_version" integer NOT NULL,
	"method" text NOT NULL,
	"source" text NOT NULL,
	"occurred_at" timestamp (3) with time zone NOT NULL,
	"expires_at" timestamp (3) with time zone,
	"ip_hash" text,
	"user_agent_hash" text,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consent_notice_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"purpose_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"title_fr" text NOT NULL,
	"title_en" text NOT NULL,
	"text_fr" text NOT NULL,
	"text_en" text NOT NULL,
	"created_by" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consent_purposes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"key" text NOT NULL,
	"legal_basis" text NOT NULL,
	"data_use" text NOT NULL,
	"channels" text[] NOT NULL,
	"gpc_applies" boolean DEFAULT false NOT NULL,
	"current_version" integer DEFAULT 1 NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consent_restrictions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"purpose_id" uuid,
	"request_id" uuid,
	"source" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"lifted_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "consent_states" (
	"org_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"purpose_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"kind" text NOT NULL,
	"event_id" uuid NOT NULL,
	"event_seq" integer NOT NULL,
	"notice_version" integer NOT NULL,
	"occurred_at" timestamp (3) with time zone NOT NULL,
	"expires_at" timestamp (3) with time zone,
	CONSTRAINT "consent_states_org_id_customer_id_purpose_id_channel_pk" PRIMARY KEY("org_id","customer_id","purpose_id","channel")
);
--> statement-breakpoint
CREATE TABLE "privacy_link_uses" (
	"token_id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"used_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "privacy_otps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"code_hash" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"consumed_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dsr_exports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"content_enc" text NOT NULL,
	"size_bytes" text NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"downloaded_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dsr_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"type" text NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"channel" text NOT NULL,
	"identity_check" text NOT NULL,
	"identity_checked_by" text NOT NULL,
	"details_enc" text,
	"received_at" timestamp (3) with time zone NOT NULL,
	"timezone" text DEFAULT 'Europe/Paris' NOT NULL,
	"due_date" text NOT NULL,
	"extended_at" timestamp (3) with time zone,
	"extension_reason" text,
	"refusal_reason" text,
	"resolution_note" text,
	"closed_at" timestamp (3) with time zone,
	"closed_by" text,
	"erasure_outcome" text,
	"reminded" boolean DEFAULT false NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "consent_events_subject_idx" ON "consent_events" USING btree ("org_id","customer_id");--> statement-breakpoint
CREATE INDEX "consent_events_seq_idx" ON "consent_events" USING btree ("org_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "consent_notice_versions_idx" ON "consent_notice_versions" USING btree ("org_id","purpose_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "consent_purposes_key_idx" ON "consent_purposes" USING btree ("org_id","key");--> statement-breakpoint
CREATE INDEX "consent_restrictions_subject_idx" ON "consent_restrictions" USING btree ("org_id","customer_id");--> statement-breakpoint
CREATE INDEX "consent_states_purpose_idx" ON "consent_states" USING btree ("org_id","purpose_id");--> statement-breakpoint
CREATE INDEX "privacy_link_uses_subject_idx" ON "privacy_link_uses" USING btree ("org_id","customer_id");--> statement-breakpoint
CREATE INDEX "privacy_otps_subject_idx" ON "privacy_otps" USING btree ("org_id","customer_id");--> statement-breakpoint
CREATE INDEX "dsr_exports_subject_idx" ON "dsr_exports" USING btree ("org_id","customer_id");--> statement-breakpoint
CREATE INDEX "dsr_requests_due_idx" ON "dsr_requests" USING btree ("org_id","status","due_date");--> statement-breakpoint
CREATE INDEX "dsr_requests_subject_idx" ON "dsr_requests" USING btree ("org_id","customer_id");