ALTER TABLE "contact_attempts" ADD COLUMN "source_ref" text;--> statement-breakpoint
ALTER TABLE "contact_attempts" ADD COLUMN "import_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "contact_attempts_import_key_idx" ON "contact_attempts" USING btree ("org_id","import_key");