CREATE TABLE "change_campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"offer_id" uuid NOT NULL,
	"to_version_id" uuid NOT NULL,
	"sector" text NOT NULL,
	"message_type" text NOT NULL,
	"planned_effective_on" date NOT NULL,
	"send_on" date NOT NULL,
	"checks" jsonb NOT NULL,
	"flagged" boolean NOT NULL,
	"created_by" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "change_notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"from_version_id" uuid NOT NULL,
	"sector" text NOT NULL,
	"send_on" date NOT NULL,
	"send_by" date NOT NULL,
	"planned_effective_on" date NOT NULL,
	"effective_on" date NOT NULL,
	"moved" boolean NOT NULL,
	"terminate_by" date NOT NULL,
	"notice_months" integer NOT NULL,
	"rule_ref" text NOT NULL,
	"rule_source" text NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"sent_on" date,
	"sent_at" timestamp (3) with time zone,
	"locale" text,
	"attempt_id" uuid,
	"decision" jsonb,
	"sent_to_enc" text,
	CONSTRAINT "change_notices_in_time" CHECK ("change_notices"."send_on" <= "change_notices"."send_by" and ("change_notices"."sent_on" is null or "change_notices"."sent_on" <= "change_notices"."send_by"))
);
--> statement-breakpoint
ALTER TABLE "change_campaigns" ADD CONSTRAINT "change_campaigns_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_campaigns" ADD CONSTRAINT "change_campaigns_to_version_id_offer_versions_id_fk" FOREIGN KEY ("to_version_id") REFERENCES "public"."offer_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_notices" ADD CONSTRAINT "change_notices_campaign_id_change_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."change_campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_notices" ADD CONSTRAINT "change_notices_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_notices" ADD CONSTRAINT "change_notices_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "change_campaigns_org_version_uq" ON "change_campaigns" USING btree ("org_id","to_version_id");--> statement-breakpoint
CREATE INDEX "change_campaigns_org_created_idx" ON "change_campaigns" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "change_notices_campaign_contract_uq" ON "change_notices" USING btree ("campaign_id","contract_id");--> statement-breakpoint
CREATE INDEX "change_notices_org_campaign_idx" ON "change_notices" USING btree ("org_id","campaign_id");--> statement-breakpoint
CREATE INDEX "change_notices_org_customer_idx" ON "change_notices" USING btree ("org_id","customer_id");--> statement-breakpoint
CREATE INDEX "change_notices_due_idx" ON "change_notices" USING btree ("send_on") WHERE status = 'planned';