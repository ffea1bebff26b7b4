ALTER TABLE "breaches" ALTER COLUMN "discovery_source" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "breaches" ALTER COLUMN "data_categories" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "breaches" ALTER COLUMN "subject_categories" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "breaches" ALTER COLUMN "dpo_contact" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "breaches" ALTER COLUMN "consequences" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "breaches" ALTER COLUMN "measures" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "breaches" ALTER COLUMN "risk" SET DEFAULT 'unassessed';--> statement-breakpoint
ALTER TABLE "breaches" ALTER COLUMN "risk_reasons" DROP NOT NULL;