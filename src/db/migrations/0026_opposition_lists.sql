CREATE TABLE "opposition_entries" (
	"list_id" uuid NOT NULL,
	"number_hash" text NOT NULL,
	CONSTRAINT "opposition_entries_list_id_number_hash_pk" PRIMARY KEY("list_id","number_hash")
);
--> statement-breakpoint
CREATE TABLE "opposition_lists" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"country" text NOT NULL,
	"name" text NOT NULL,
	"extracted_on" date NOT NULL,
	"file_hash" text NOT NULL,
	"status" text NOT NULL,
	"entries" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp (3) with time zone
);
--> statement-breakpoint
ALTER TABLE "opposition_entries" ADD CONSTRAINT "opposition_entries_list_id_opposition_lists_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."opposition_lists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "opposition_lists_org_idx" ON "opposition_lists" USING btree ("org_id","country","name","extracted_on");