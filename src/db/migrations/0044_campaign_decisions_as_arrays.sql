-- A scrub writes one decision row per recipient (a million for a large campaign) in one
-- transaction; the row is made cheap to write (see campaign.tables.ts):
-- reasons, rules and evidence move from JSON to arrays of codes and ids (rows already written keep
-- their content: the JSON arrays become arrays, each evidence key its own column); the subject
-- index goes (a subject's decisions are found through the organisation's scrubs and the key); the
-- foreign key to campaign_scrubs, checked once per row, becomes a trigger that deletes a deleted
-- scrub's decisions (what its ON DELETE CASCADE did).
ALTER TABLE "campaign_decisions" DROP CONSTRAINT "campaign_decisions_scrub_id_campaign_scrubs_id_fk";--> statement-breakpoint
DROP INDEX "campaign_decisions_subject_idx";--> statement-breakpoint
CREATE FUNCTION "campaign_decisions_0044_texts"(j jsonb) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce(array_agg(e.v ORDER BY e.n), '{}'::text[]) FROM jsonb_array_elements_text(coalesce(j, '[]'::jsonb)) WITH ORDINALITY AS e(v, n) $$;--> statement-breakpoint
ALTER TABLE "campaign_decisions" ALTER COLUMN "reasons" SET DATA TYPE text[] USING "campaign_decisions_0044_texts"("reasons");--> statement-breakpoint
ALTER TABLE "campaign_decisions" ALTER COLUMN "rules" SET DATA TYPE text[] USING "campaign_decisions_0044_texts"("rules");--> statement-breakpoint
ALTER TABLE "campaign_decisions" ADD COLUMN "evidence_consent_events" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "campaign_decisions" ADD COLUMN "evidence_restrictions" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "campaign_decisions" ADD COLUMN "evidence_attempts" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "campaign_decisions" ADD COLUMN "evidence_opposition_lists" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
UPDATE "campaign_decisions" SET
  "evidence_consent_events" = "campaign_decisions_0044_texts"("evidence"->'consentEvents')::uuid[],
  "evidence_restrictions" = "campaign_decisions_0044_texts"("evidence"->'restrictions')::uuid[],
  "evidence_attempts" = "campaign_decisions_0044_texts"("evidence"->'attempts')::uuid[],
  "evidence_opposition_lists" = "campaign_decisions_0044_texts"("evidence"->'oppositionLists')::uuid[]
WHERE "evidence" <> '{}'::jsonb;--> statement-breakpoint
ALTER TABLE "campaign_decisions" DROP COLUMN "evidence";--> statement-breakpoint
DROP FUNCTION "campaign_decisions_0044_texts"(jsonb);--> statement-breakpoint
CREATE FUNCTION campaign_scrubs_delete_decisions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM campaign_decisions d USING old_rows o WHERE d.scrub_id = o.id;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER campaign_scrubs_delete_decisions AFTER DELETE ON campaign_scrubs REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION campaign_scrubs_delete_decisions();
