CREATE TABLE "contract_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"type" text NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"evidence" jsonb NOT NULL,
	"sent_to_enc" text,
	"form_nonce" text
);
--> statement-breakpoint
CREATE TABLE "contracts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"offer_id" uuid NOT NULL,
	"offer_version_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"channel" text NOT NULL,
	"sector" text NOT NULL,
	"kind" text NOT NULL,
	"concluded_on" date NOT NULL,
	"start_on" date NOT NULL,
	"goods_received_on" date,
	"withdrawal_informed_on" date,
	"commitment_end_on" date,
	"renewal" text NOT NULL,
	"renewal_on" date,
	"last_day_to_refuse_on" date,
	"reminder_sent_on" date,
	"terminate_any_time_from" date,
	"email_enc" text,
	"email_lookup" text,
	"status" text DEFAULT 'active' NOT NULL,
	"end_on" date,
	"ended_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "contract_events" ADD CONSTRAINT "contract_events_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_offer_version_id_offer_versions_id_fk" FOREIGN KEY ("offer_version_id") REFERENCES "public"."offer_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contract_events_contract_idx" ON "contract_events" USING btree ("org_id","contract_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "contract_events_nonce_uq" ON "contract_events" USING btree ("org_id","form_nonce");--> statement-breakpoint
CREATE UNIQUE INDEX "contracts_org_reference_uq" ON "contracts" USING btree ("org_id","reference");--> statement-breakpoint
CREATE INDEX "contracts_org_customer_idx" ON "contracts" USING btree ("org_id","customer_id");--> statement-breakpoint
CREATE INDEX "contracts_org_offer_status_idx" ON "contracts" USING btree ("org_id","offer_id","status");--> statement-breakpoint
CREATE INDEX "contracts_org_refuse_idx" ON "contracts" USING btree ("org_id","last_day_to_refuse_on");