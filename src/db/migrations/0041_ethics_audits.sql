CREATE TABLE "ethics_audit_answers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"audit_id" uuid NOT NULL,
	"item_key" text NOT NULL,
	"answer" text NOT NULL,
	"comment" text,
	"answered_by" text NOT NULL,
	"answered_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ethics_audit_evidence" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"audit_id" uuid NOT NULL,
	"item_key" text,
	"kind" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"name_enc" text NOT NULL,
	"key_enc" text NOT NULL,
	"content" "bytea" NOT NULL,
	"uploaded_by" text,
	"created_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ethics_audits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"template_key" text NOT NULL,
	"template_version" integer NOT NULL,
	"checklist" jsonb NOT NULL,
	"scope" text NOT NULL,
	"auditor_id" uuid NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"status" text DEFAULT 'planned' NOT NULL,
	"conclusion" text,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"closed_at" timestamp (3) with time zone,
	"closed_by" text,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "audit_id" uuid;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "audit_item" text;--> statement-breakpoint
ALTER TABLE "remediation_actions" ADD COLUMN "reminded_soon_for" text;--> statement-breakpoint
ALTER TABLE "remediation_actions" ADD COLUMN "reminded_overdue_for" text;--> statement-breakpoint
ALTER TABLE "ethics_audit_answers" ADD CONSTRAINT "ethics_audit_answers_audit_id_ethics_audits_id_fk" FOREIGN KEY ("audit_id") REFERENCES "public"."ethics_audits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ethics_audit_evidence" ADD CONSTRAINT "ethics_audit_evidence_audit_id_ethics_audits_id_fk" FOREIGN KEY ("audit_id") REFERENCES "public"."ethics_audits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ethics_audit_answers_item_idx" ON "ethics_audit_answers" USING btree ("org_id","audit_id","item_key");--> statement-breakpoint
CREATE INDEX "ethics_audit_evidence_audit_idx" ON "ethics_audit_evidence" USING btree ("org_id","audit_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "ethics_audits_reference_idx" ON "ethics_audits" USING btree ("org_id","reference");--> statement-breakpoint
CREATE INDEX "ethics_audits_status_idx" ON "ethics_audits" USING btree ("org_id","status","starts_on");--> statement-breakpoint
CREATE INDEX "findings_audit_idx" ON "findings" USING btree ("org_id","audit_id");