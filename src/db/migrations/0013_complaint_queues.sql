CREATE TABLE "complaint_specialist_categories" (
	"org_id" uuid NOT NULL,
	"category" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "complaint_specialist_categories_org_id_category_pk" PRIMARY KEY("org_id","category")
);
--> statement-breakpoint
ALTER TABLE "advisors" ADD COLUMN "supervisor_id" uuid;--> statement-breakpoint
CREATE INDEX "advisors_supervisor_idx" ON "advisors" USING btree ("org_id","supervisor_id");