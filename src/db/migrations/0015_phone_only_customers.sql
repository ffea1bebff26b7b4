ALTER TABLE "complaints" ADD COLUMN "manual_ack" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "manual_ack_channel" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "phone_lookup" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "address_enc" text;--> statement-breakpoint
CREATE INDEX "customers_phone_lookup_idx" ON "customers" USING btree ("org_id","phone_lookup");