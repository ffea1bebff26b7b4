CREATE TABLE "customers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"email_lookup" text,
	"email_enc" text,
	"name_enc" text,
	"phone_enc" text,
	"locale" text DEFAULT 'fr' NOT NULL,
	"timezone" text DEFAULT 'Europe/Paris' NOT NULL,
	"advisor_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"erased_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "customers_email_lookup_idx" ON "customers" USING btree ("org_id","email_lookup");--> statement-breakpoint
CREATE INDEX "customers_advisor_idx" ON "customers" USING btree ("org_id","advisor_id");