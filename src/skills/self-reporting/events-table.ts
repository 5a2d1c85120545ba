// The shape of code_ops.artifact_events, shared by the event sink and by restore (which puts
// back the events a database held before it was replaced).

/** Creates the schema and table when missing; safe inside a transaction or a DO block. */
export const EVENTS_TABLE_DDL = `CREATE SCHEMA IF NOT EXISTS code_ops;
CREATE TABLE IF NOT EXISTS code_ops.artifact_events (
  id bigserial PRIMARY KEY,
  run_id uuid NOT NULL,
  artifact_type text NOT NULL,
  artifact_name text NOT NULL,
  artifact_version text,
  event_type text NOT NULL,
  success boolean,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);`;

/** The columns an event carries (id aside); the order used by every insert. */
export const EVENT_COLUMNS = "run_id, artifact_type, artifact_name, artifact_version, event_type, success, details, created_at";
