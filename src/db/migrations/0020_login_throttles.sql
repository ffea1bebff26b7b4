CREATE TABLE "login_throttles" (
	"email_hash" text NOT NULL,
	"source_hash" text NOT NULL,
	"failures" integer NOT NULL,
	"next_allowed_at" timestamp (3) with time zone NOT NULL,
	"last_failure_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "login_throttles_email_hash_source_hash_pk" PRIMARY KEY("email_hash","source_hash")
);
--> statement-breakpoint
CREATE INDEX "login_throttles_last_failure_idx" ON "login_throttles" USING btree ("last_failure_at");--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "failed_logins";--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "locked_until";