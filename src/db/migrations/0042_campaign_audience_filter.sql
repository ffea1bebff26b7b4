ALTER TABLE "campaigns" ADD COLUMN "audience_source" text DEFAULT 'csv' NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "audience_filter" jsonb;