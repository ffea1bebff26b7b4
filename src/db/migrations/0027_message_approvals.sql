CREATE TABLE "message_approvals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"text" text NOT NULL,
	"text_hash" text NOT NULL,
	"type" text NOT NULL,
	"lang" text NOT NULL,
	"campaign" boolean DEFAULT false NOT NULL,
	"findings" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"requested_by" text NOT NULL,
	"requested_at" timestamp (3) with time zone NOT NULL,
	"decided_by" text,
	"decided_at" timestamp (3) with time zone,
	"decision_reason" text
);
--> statement-breakpoint
CREATE INDEX "message_approvals_org_status_idx" ON "message_approvals" USING btree ("org_id","status","requested_at");--> statement-breakpoint
CREATE INDEX "message_approvals_org_hash_idx" ON "message_approvals" USING btree ("org_id","text_hash");