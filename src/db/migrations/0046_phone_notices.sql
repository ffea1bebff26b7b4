CREATE TABLE "phone_notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"notice" text NOT NULL,
	"shown_at" timestamp (3) with time zone NOT NULL,
	"origin" text NOT NULL,
	"record" text NOT NULL,
	"record_id" uuid,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "phone_notices_subject_idx" ON "phone_notices" USING btree ("org_id","customer_id","shown_at");--> statement-breakpoint
-- The notices already shown (C. consom. L.223-1) become part of their subjects' data: those of the
-- consent ledger, and those kept until now only in the audit log (complaints filed with a number,
-- numbers given in the privacy centre). Erased subjects get none back (GDPR Art. 17).
INSERT INTO "phone_notices" ("org_id", "customer_id", "notice", "shown_at", "origin", "record", "record_id", "actor_type", "actor_id")
SELECT e."org_id", e."customer_id", e."phone_notice", e."occurred_at",
  CASE WHEN e."method" = 'imported' THEN 'import' WHEN e."actor_type" = 'subject' THEN 'portal' WHEN e."actor_type" = 'user' THEN 'agent' ELSE 'api' END,
  'consent', e."id", e."actor_type", e."actor_id"
FROM "consent_events" e JOIN "customers" c ON c."org_id" = e."org_id" AND c."id" = e."customer_id"
WHERE e."phone_notice" IS NOT NULL AND c."erased_at" IS NULL;
--> statement-breakpoint
INSERT INTO "phone_notices" ("org_id", "customer_id", "notice", "shown_at", "origin", "record", "record_id", "actor_type", "actor_id")
SELECT a."org_id", k."customer_id", a."payload"->>'phoneNotice', a."created_at",
  CASE WHEN a."actor_type" = 'user' THEN 'agent' WHEN a."actor_type" = 'api_token' THEN 'api' ELSE 'portal' END,
  'complaint', k."id", a."actor_type", a."actor_id"
FROM "audit_events" a
JOIN "complaints" k ON k."org_id" = a."org_id" AND k."id"::text = a."target_id"
JOIN "customers" c ON c."org_id" = k."org_id" AND c."id" = k."customer_id"
WHERE a."type" = 'complaint.received' AND a."payload" ? 'phoneNotice' AND c."erased_at" IS NULL;
--> statement-breakpoint
INSERT INTO "phone_notices" ("org_id", "customer_id", "notice", "shown_at", "origin", "record", "record_id", "actor_type", "actor_id")
SELECT a."org_id", c."id", a."payload"->>'phoneNotice', a."created_at",
  CASE WHEN a."actor_type" = 'user' THEN 'agent' WHEN a."actor_type" = 'api_token' THEN 'api' ELSE 'portal' END,
  'phone_number', NULL, a."actor_type", a."actor_id"
FROM "audit_events" a
JOIN "customers" c ON c."org_id" = a."org_id" AND c."id"::text = a."target_id"
WHERE a."type" = 'customer.updated' AND a."payload" ? 'phoneNotice' AND c."erased_at" IS NULL;
