-- Subject notices: the contact guard caches each customer's facts per process (contact.service
-- cachedReader: customer columns, phone history, opposition list entries). Every statement that
-- changes the rows behind them (an agent's record, an import, retention, an erasure, SQL by hand)
-- announces the customers it touched on the consent index channel, delivered on commit: payload
-- 'db|k|<org>|<customer>', or 'db|k|<org>|' for the whole organisation above 10,000 customers in one
-- statement (src/core/consent/consent.sync.ts drops the cached values). A trigger, not the writers,
-- so that no writer can forget it: a stale cache would let a call through after a refusal.
CREATE FUNCTION confiance_notify_subjects(keys text[], orgs text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- keys: 'org|customer', at most 10,001 of them (callers stop there: a bulk statement is not listed).
  IF cardinality(keys) > 10000 THEN
    PERFORM pg_notify('confiance_consent', 'db|k|' || o || '|') FROM unnest(orgs) o;
  ELSE
    PERFORM pg_notify('confiance_consent', 'db|k|' || k) FROM unnest(keys) k;
  END IF;
END $$;
--> statement-breakpoint
CREATE FUNCTION contact_attempts_notify_subjects() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM confiance_notify_subjects(array(SELECT DISTINCT org_id || '|' || customer_id FROM new_rows LIMIT 10001),
                                      array(SELECT DISTINCT org_id::text FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM confiance_notify_subjects(array(SELECT DISTINCT org_id || '|' || customer_id FROM old_rows LIMIT 10001),
                                      array(SELECT DISTINCT org_id::text FROM old_rows));
  ELSE
    PERFORM confiance_notify_subjects(
      array(SELECT org_id || '|' || customer_id FROM new_rows UNION SELECT org_id || '|' || customer_id FROM old_rows LIMIT 10001),
      array(SELECT org_id::text FROM new_rows UNION SELECT org_id::text FROM old_rows));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER contact_attempts_notify_insert AFTER INSERT ON contact_attempts REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION contact_attempts_notify_subjects();
--> statement-breakpoint
CREATE TRIGGER contact_attempts_notify_update AFTER UPDATE ON contact_attempts REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION contact_attempts_notify_subjects();
--> statement-breakpoint
CREATE TRIGGER contact_attempts_notify_delete AFTER DELETE ON contact_attempts REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION contact_attempts_notify_subjects();
--> statement-breakpoint
-- Customers change one at a time (a new number, a time zone, an erasure): a row trigger, and only
-- when a column the guard reads changes.
CREATE FUNCTION customers_notify_subject() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('confiance_consent', 'db|k|' || OLD.org_id || '|' || OLD.id);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER customers_notify_update AFTER UPDATE ON customers FOR EACH ROW
  WHEN (OLD.timezone IS DISTINCT FROM NEW.timezone OR OLD.phone_lookup IS DISTINCT FROM NEW.phone_lookup
        OR OLD.erased_at IS DISTINCT FROM NEW.erased_at OR OLD.org_id IS DISTINCT FROM NEW.org_id)
  EXECUTE FUNCTION customers_notify_subject();
--> statement-breakpoint
CREATE TRIGGER customers_notify_delete AFTER DELETE ON customers FOR EACH ROW EXECUTE FUNCTION customers_notify_subject();
