ALTER TABLE "complaints" ADD COLUMN "level2_owner_id" uuid;--> statement-breakpoint
CREATE INDEX "complaints_level2_owner_idx" ON "complaints" USING btree ("org_id","level2_owner_id");