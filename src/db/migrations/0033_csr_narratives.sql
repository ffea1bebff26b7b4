CREATE TABLE "csr_narratives" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"period" text NOT NULL,
	"section" text NOT NULL,
	"locale" text NOT NULL,
	"body" text NOT NULL,
	"updated_by" text,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "csr_narratives_key_idx" ON "csr_narratives" USING btree ("org_id","period","section","locale");