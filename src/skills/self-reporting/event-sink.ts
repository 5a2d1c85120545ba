// Delivers event rows to code_ops.artifact_events with parameterized SQL, creating the schema
// and table when missing (serialized by an advisory lock so concurrent first runs agree).
import { withSql } from "../../postgres/sql-session.js";
import type { Target } from "../../postgres/target.js";
import type { EventRow } from "./event-rows.js";
import { EVENT_COLUMNS, EVENTS_TABLE_DDL } from "./events-table.js";

const ENSURE_TABLE = `BEGIN;
SELECT pg_advisory_xact_lock(hashtext('code_ops.artifact_events'));
${EVENTS_TABLE_DDL}
COMMIT;`;

/** All rows in one statement; the rows travel as a single jsonb parameter. */
const INSERT = `INSERT INTO code_ops.artifact_events (${EVENT_COLUMNS})
SELECT run_id, artifact_type, artifact_name, artifact_version, event_type, success, coalesce(details, '{}'::jsonb), created_at
  FROM jsonb_to_recordset($1::jsonb) AS e(run_id uuid, artifact_type text, artifact_name text, artifact_version text, event_type text, success boolean, details jsonb, created_at timestamptz)`;

/** Inserts `rows` (in order) into `target`'s event table; throws when it cannot. */
export async function deliverEvents(target: Target, rows: readonly EventRow[], connectTimeoutMs: number): Promise<void> {
  if (rows.length === 0) return;
  await withSql(
    target,
    async (sql) => {
      const exists = await sql.query<{ present: boolean }>(`SELECT to_regclass('code_ops.artifact_events') IS NOT NULL AS present`);
      if (!exists[0]?.present) await sql.query(ENSURE_TABLE);
      await sql.query(INSERT, [JSON.stringify(rows)]);
    },
    { connectTimeoutMs },
  );
}
