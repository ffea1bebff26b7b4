CREATE TABLE "regulatory_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"occurred_on" date NOT NULL,
	"authority" text NOT NULL,
	"authority_name" text,
	"kind" text NOT NULL,
	"subject_area" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"substantiated" boolean,
	"description" text NOT NULL,
	"outcome" text,
	"amount_cents" integer,
	"currency" text,
	"linked_records" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "regulatory_event_evidence" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"name_enc" text NOT NULL,
	"key_enc" text NOT NULL,
	"content" "bytea" NOT NULL,
	"uploaded_by" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
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
CREATE UNIQUE INDEX "regulatory_events_reference_idx" ON "regulatory_events" USING btree ("org_id","reference");--> statement-breakpoint
CREATE INDEX "regulatory_events_day_idx" ON "regulatory_events" USING btree ("org_id","occurred_on");--> statement-breakpoint
CREATE INDEX "regulatory_event_evidence_event_idx" ON "regulatory_event_evidence" USING btree ("org_id","event_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "csr_narratives_key_idx" ON "csr_narratives" USING btree ("org_id","period","section","locale");