ALTER TABLE "dsr_requests" ADD COLUMN "restriction_lifted_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "dsr_requests" ADD COLUMN "restriction_lift_reason" text;