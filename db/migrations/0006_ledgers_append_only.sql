-- Ledgers are append-only: corrections are new entries, never edits. A member merge may move a
-- row to the surviving member (member_id), and nothing else.
CREATE OR REPLACE FUNCTION atrium_ledger_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - 'member_id') = (to_jsonb(OLD) - 'member_id') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
CREATE TRIGGER points_entries_append_only BEFORE UPDATE OR DELETE ON points_entries
  FOR EACH ROW EXECUTE FUNCTION atrium_ledger_guard();--> statement-breakpoint
CREATE TRIGGER points_allocations_append_only BEFORE UPDATE OR DELETE ON points_allocations
  FOR EACH ROW EXECUTE FUNCTION atrium_ledger_guard();--> statement-breakpoint
CREATE TRIGGER member_tier_events_append_only BEFORE UPDATE OR DELETE ON member_tier_events
  FOR EACH ROW EXECUTE FUNCTION atrium_ledger_guard();--> statement-breakpoint
CREATE TRIGGER stored_value_entries_append_only BEFORE UPDATE OR DELETE ON stored_value_entries
  FOR EACH ROW EXECUTE FUNCTION atrium_ledger_guard();--> statement-breakpoint
CREATE TRIGGER ledgers_no_truncate BEFORE TRUNCATE ON points_entries
  FOR EACH STATEMENT EXECUTE FUNCTION atrium_refuse_change();--> statement-breakpoint
CREATE TRIGGER stored_value_no_truncate BEFORE TRUNCATE ON stored_value_entries
  FOR EACH STATEMENT EXECUTE FUNCTION atrium_refuse_change();
