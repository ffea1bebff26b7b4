ALTER TABLE "change_notices" ADD COLUMN "origin" text DEFAULT 'campaign' NOT NULL;--> statement-breakpoint
ALTER TABLE "change_notices" ADD COLUMN "retry_on" date;--> statement-breakpoint
ALTER TABLE "change_notices" ADD COLUMN "applied_on" date;--> statement-breakpoint
CREATE INDEX "change_notices_retry_idx" ON "change_notices" USING btree ("retry_on") WHERE status = 'refused';--> statement-breakpoint
CREATE INDEX "change_notices_apply_idx" ON "change_notices" USING btree ("effective_on") WHERE status = 'sent' and applied_on is null;