CREATE TABLE "portal_session_revocations" (
	"session_id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL
);
