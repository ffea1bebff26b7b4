CREATE INDEX "complaint_events_day_idx" ON "complaint_events" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "complaints_received_idx" ON "complaints" USING btree ("org_id","received_at");--> statement-breakpoint
CREATE INDEX "complaints_acknowledged_idx" ON "complaints" USING btree ("org_id","acknowledged_at");--> statement-breakpoint
CREATE INDEX "complaints_mediation_idx" ON "complaints" USING btree ("org_id","mediation_referred_at");--> statement-breakpoint
CREATE INDEX "contact_attempts_day_idx" ON "contact_attempts" USING btree ("org_id","occurred_at");