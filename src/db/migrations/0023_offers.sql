CREATE TABLE "offer_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"offer_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"valid_from" timestamp (3) with time zone NOT NULL,
	"reason" jsonb NOT NULL,
	"name" jsonb NOT NULL,
	"summary" jsonb NOT NULL,
	"price_cents" integer NOT NULL,
	"price_period" text NOT NULL,
	"breakdown" jsonb NOT NULL,
	"conditions" jsonb NOT NULL,
	"duration_months" integer,
	"renewal" text NOT NULL,
	"renewal_terms" jsonb NOT NULL,
	"environmental" jsonb,
	"reduction" jsonb,
	"created_by" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "offers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"slug" text NOT NULL,
	"kind" text NOT NULL,
	"sector" text NOT NULL,
	"currency" text DEFAULT 'EUR' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "offer_versions" ADD CONSTRAINT "offer_versions_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "offer_versions_offer_version_uq" ON "offer_versions" USING btree ("offer_id","version");--> statement-breakpoint
CREATE INDEX "offer_versions_org_offer_idx" ON "offer_versions" USING btree ("org_id","offer_id","valid_from");--> statement-breakpoint
CREATE UNIQUE INDEX "offers_org_slug_uq" ON "offers" USING btree ("org_id","slug");