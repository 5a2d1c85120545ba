// The SQL around a dump when it replaces a database's contents inside one transaction: first keep
// the database's events and clear what the dump will recreate, afterwards put the events back.
import { EVENT_COLUMNS, EVENTS_TABLE_DDL } from "../skills/self-reporting/events-table.js";

/**
 * Runs first, inside the transaction: keeps code_ops.artifact_events aside, then drops every
 * user schema, extension, event trigger, publication and large object, and recreates `public`
 * as a new database has it. Nothing is visible to others until COMMIT; a failure undoes it all.
 */
export const CLEAR_DATABASE = `SET LOCAL client_min_messages = warning;
DO $dbops$
DECLARE r record;
BEGIN
  IF to_regclass('code_ops.artifact_events') IS NOT NULL THEN
    CREATE TEMP TABLE dbops_kept_events AS SELECT id, ${EVENT_COLUMNS} FROM code_ops.artifact_events;
  END IF;
  FOR r IN SELECT evtname FROM pg_catalog.pg_event_trigger LOOP EXECUTE format('DROP EVENT TRIGGER %I', r.evtname); END LOOP;
  FOR r IN SELECT pubname FROM pg_catalog.pg_publication LOOP EXECUTE format('DROP PUBLICATION %I', r.pubname); END LOOP;
  FOR r IN SELECT extname FROM pg_catalog.pg_extension WHERE extname <> 'plpgsql' LOOP EXECUTE format('DROP EXTENSION IF EXISTS %I CASCADE', r.extname); END LOOP;
  FOR r IN SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname <> 'information_schema' AND nspname !~ '^pg_' LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', r.nspname);
  END LOOP;
  PERFORM pg_catalog.lo_unlink(oid) FROM pg_catalog.pg_largeobject_metadata;
  CREATE SCHEMA public;
  IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'pg_database_owner') THEN
    ALTER SCHEMA public OWNER TO pg_database_owner;
  END IF;
  COMMENT ON SCHEMA public IS 'standard public schema';
  GRANT USAGE ON SCHEMA public TO PUBLIC;
  IF current_setting('server_version_num')::int < 150000 THEN
    GRANT CREATE ON SCHEMA public TO PUBLIC;
  END IF;
END $dbops$;
`;

/**
 * Runs last, inside the transaction: every event the database held before the restore that the
 * restored data does not already hold goes back, in order, with its original time.
 */
export const RESTORE_KEPT_EVENTS = `DO $dbops$
BEGIN
  IF to_regclass('pg_temp.dbops_kept_events') IS NOT NULL THEN
    ${EVENTS_TABLE_DDL.replace(/\n/g, "\n    ")}
    INSERT INTO code_ops.artifact_events (${EVENT_COLUMNS})
      SELECT ${EVENT_COLUMNS.split(", ").map((c) => `k.${c}`).join(", ")} FROM pg_temp.dbops_kept_events k
       WHERE NOT EXISTS (SELECT FROM code_ops.artifact_events e
                          WHERE e.run_id = k.run_id AND e.artifact_type = k.artifact_type AND e.artifact_name = k.artifact_name
                            AND e.event_type = k.event_type AND e.created_at = k.created_at)
       ORDER BY k.id;
    PERFORM pg_catalog.setval(pg_catalog.pg_get_serial_sequence('code_ops.artifact_events', 'id'), max(id)) FROM code_ops.artifact_events HAVING max(id) IS NOT NULL;
    DROP TABLE pg_temp.dbops_kept_events;
  END IF;
END $dbops$;
`;

/** A double-quoted identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A single-quoted literal (standard_conforming_strings is on in every dump). */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export const COUNT_MARKER = "DBOPS-COUNT ";

/** One line per table, `DBOPS-COUNT {"schema":..,"name":..,"rows":..}`, for a deep verification. */
export function countRowsSql(tables: readonly { schema: string; name: string }[]): string {
  return tables
    .map((t) => `SELECT ${quoteLiteral(COUNT_MARKER)} || json_build_object('schema', ${quoteLiteral(t.schema)}, 'name', ${quoteLiteral(t.name)}, 'rows', count(*))::text FROM ${quoteIdent(t.schema)}.${quoteIdent(t.name)};`)
    .join("\n");
}
