// Reading code_ops.artifact_events from a scratch events database.
import type { ScratchDb } from "./pg.js";

export interface EventRowRead {
  run_id: string;
  artifact_type: string;
  artifact_name: string;
  artifact_version: string;
  event_type: string;
  success: boolean | null;
  details: Record<string, any>;
}

/** Every event row, in insertion order; [] when the table does not exist yet. */
export async function eventRows(db: ScratchDb, runId?: string): Promise<EventRowRead[]> {
  const [exists] = await db.query<{ present: boolean }>(`SELECT to_regclass('code_ops.artifact_events') IS NOT NULL AS present`);
  if (!exists?.present) return [];
  return db.query<EventRowRead>(
    `SELECT run_id::text, artifact_type, artifact_name, artifact_version, event_type, success, details FROM code_ops.artifact_events ${runId ? "WHERE run_id = $1" : ""} ORDER BY id`,
    runId ? [runId] : [],
  );
}
