-- Audit chains sharded per organisation (docs/adr/0003): every existing event and head is shard 0.
ALTER TABLE "audit_chain_heads" ADD COLUMN "shard" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_chain_heads" DROP CONSTRAINT "audit_chain_heads_pkey";--> statement-breakpoint
ALTER TABLE "audit_chain_heads" ADD CONSTRAINT "audit_chain_heads_org_id_shard_pk" PRIMARY KEY("org_id","shard");--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "shard" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "position" bigserial NOT NULL;--> statement-breakpoint
DROP INDEX "audit_events_chain_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "audit_events_shard_chain_idx" ON "audit_events" USING btree ("org_id","shard","seq");--> statement-breakpoint
CREATE INDEX "audit_events_position_idx" ON "audit_events" USING btree ("org_id","position");
