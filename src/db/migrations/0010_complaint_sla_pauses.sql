CREATE TABLE "complaint_sla_settings" (
	"org_id" uuid NOT NULL,
	"category" text NOT NULL,
	"ack_business_days" smallint NOT NULL,
	"answer_amount" smallint NOT NULL,
	"answer_unit" text NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "complaint_sla_settings_org_id_category_pk" PRIMARY KEY("org_id","category")
);
--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "sla_ack_business_days" smallint DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "sla_answer_amount" smallint DEFAULT 2 NOT NULL;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "sla_answer_unit" text DEFAULT 'months' NOT NULL;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "paused_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "pause_reason" text;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "paused_ack_business_days" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "paused_answer_business_days" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "paused_answer_calendar_days" integer DEFAULT 0 NOT NULL;