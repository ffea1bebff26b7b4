ALTER TABLE "complaints" ADD COLUMN "sentiment" text;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "triage" jsonb;