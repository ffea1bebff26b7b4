CREATE TABLE "control_runs" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"ran_at" timestamp (3) with time zone NOT NULL,
	"opened" integer DEFAULT 0 NOT NULL,
	"closed" integer DEFAULT 0 NOT NULL,
	"failed" text[] DEFAULT '{}'::text[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "findings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"source" text NOT NULL,
	"control_key" text,
	"cause_key" text,
	"severity" text NOT NULL,
	"title_key" text NOT NULL,
	"explanation_key" text NOT NULL,
	"params" jsonb NOT NULL,
	"evidence" jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"opened_at" timestamp (3) with time zone NOT NULL,
	"opened_by" text NOT NULL,
	"closed_at" timestamp (3) with time zone,
	"closed_by" text,
	"closure" jsonb,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "remediation_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"finding_id" uuid NOT NULL,
	"title" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"due_on" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"done_at" timestamp (3) with time zone,
	"done_by" text,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kpi_objectives" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"kpi" text NOT NULL,
	"from_day" date NOT NULL,
	"to_day" date NOT NULL,
	"value" double precision NOT NULL,
	"direction" text NOT NULL,
	"set_by" text NOT NULL,
	"set_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "remediation_actions" ADD CONSTRAINT "remediation_actions_finding_id_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."findings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "findings_reference_idx" ON "findings" USING btree ("org_id","reference");--> statement-breakpoint
CREATE UNIQUE INDEX "findings_open_cause_idx" ON "findings" USING btree ("org_id","control_key","cause_key") WHERE status <> 'closed' and control_key is not null;--> statement-breakpoint
CREATE INDEX "findings_status_idx" ON "findings" USING btree ("org_id","status","opened_at");--> statement-breakpoint
CREATE INDEX "remediation_actions_finding_idx" ON "remediation_actions" USING btree ("org_id","finding_id");--> statement-breakpoint
CREATE INDEX "remediation_actions_due_idx" ON "remediation_actions" USING btree ("org_id","status","due_on");--> statement-breakpoint
CREATE INDEX "kpi_objectives_kpi_idx" ON "kpi_objectives" USING btree ("org_id","kpi","from_day");