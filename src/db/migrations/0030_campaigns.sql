CREATE TABLE "campaign_decisions" (
	"scrub_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"allowed" boolean NOT NULL,
	"reasons" jsonb NOT NULL,
	"rules" jsonb NOT NULL,
	"evidence" jsonb NOT NULL,
	CONSTRAINT "campaign_decisions_scrub_id_customer_id_pk" PRIMARY KEY("scrub_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "campaign_recipients" (
	"campaign_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"line" integer NOT NULL,
	CONSTRAINT "campaign_recipients_campaign_id_customer_id_pk" PRIMARY KEY("campaign_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "campaign_scrubs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"recipients" integer NOT NULL,
	"allowed" integer NOT NULL,
	"by_reason" jsonb NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"channel" text NOT NULL,
	"purpose" text NOT NULL,
	"sector" text NOT NULL,
	"message" text NOT NULL,
	"scheduled_at" timestamp (3) with time zone NOT NULL,
	"message_check" jsonb NOT NULL,
	"audience_hash" text NOT NULL,
	"recipients" integer NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "campaign_decisions" ADD CONSTRAINT "campaign_decisions_scrub_id_campaign_scrubs_id_fk" FOREIGN KEY ("scrub_id") REFERENCES "public"."campaign_scrubs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_recipients" ADD CONSTRAINT "campaign_recipients_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_scrubs" ADD CONSTRAINT "campaign_scrubs_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaign_decisions_subject_idx" ON "campaign_decisions" USING btree ("org_id","customer_id");--> statement-breakpoint
CREATE INDEX "campaign_recipients_subject_idx" ON "campaign_recipients" USING btree ("org_id","customer_id");--> statement-breakpoint
CREATE INDEX "campaign_scrubs_campaign_idx" ON "campaign_scrubs" USING btree ("org_id","campaign_id","created_at");--> statement-breakpoint
CREATE INDEX "campaigns_org_idx" ON "campaigns" USING btree ("org_id","created_at");