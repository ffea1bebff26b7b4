ALTER TABLE "privacy_otps" ALTER COLUMN "customer_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "privacy_otps" ADD COLUMN "email_lookup" text;--> statement-breakpoint
ALTER TABLE "privacy_otps" ADD COLUMN "pending_email_enc" text;--> statement-breakpoint
CREATE INDEX "privacy_otps_address_idx" ON "privacy_otps" USING btree ("org_id","email_lookup","created_at");