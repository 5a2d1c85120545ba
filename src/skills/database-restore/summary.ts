// Human renderings of restore-db and verify-backup results.
import type { RunResult } from "../../runtime/types.js";
import { humanBytes, localTime } from "../database-backup/summary.js";

interface RestoreOutput {
  backup_id: string;
  backup_database: string;
  backup_created_at: string;
  database: string;
  target: string;
  created_database: boolean;
  sql_bytes: number;
  tables: number;
  rows: number;
  duration_ms: number;
  safety_backup: string | null;
}

export function summarizeRestore(result: RunResult): string | undefined {
  const r = result.output.restore as RestoreOutput | undefined;
  if (!result.ok || !r) return undefined;
  const safety = result.output.safety_backup as { dir: string } | undefined;
  return [
    "✅ Database Restored Successfully",
    "",
    `📦 From backup: ${r.backup_id} (database ${r.backup_database}, taken ${localTime(r.backup_created_at)})`,
    `🎯 Into: ${r.target} (${r.created_database ? "created" : "contents replaced"})`,
    `📊 ${r.tables} tables, ${r.rows} rows, ${humanBytes(r.sql_bytes)} of SQL, in ${(r.duration_ms / 1000).toFixed(1)} seconds, as one transaction`,
    safety ? `🛟 Safety backup of the previous contents: ${safety.dir}` : "🛟 No safety backup was taken",
    "",
    "📤 Next Steps:",
    "   - Events recorded before the restore are still in code_ops.artifact_events",
    ...(safety ? [`   - To undo: db-ops restore-db ${r.safety_backup} --yes`] : []),
  ].join("\n");
}

interface PlanOutput {
  backup_id: string;
  backup_database: string;
  backup_created_at: string;
  backup_bytes: number;
  action: string;
  target: string;
  database_exists: boolean;
  other_sessions: number;
  safety_backup: boolean;
}

export function summarizePlan(result: RunResult): string | undefined {
  const p = result.output.plan as PlanOutput | undefined;
  if (!result.ok || !p) return undefined;
  return [
    "📋 Restore plan (nothing has been changed)",
    "",
    `📦 Backup: ${p.backup_id} of database ${p.backup_database}, taken ${localTime(p.backup_created_at)}, ${humanBytes(p.backup_bytes)}`,
    "   ✅ metadata.json and the size and sha256 of every file check out",
    `🎯 ${p.action} on ${p.target}`,
    `   ${p.database_exists ? "The database exists: its contents would be replaced, in one transaction." : "The database does not exist: it would be created with the backup's encoding and locale."}`,
    `   ${p.other_sessions === 0 ? "No other sessions are connected." : `${p.other_sessions} other session(s) are connected: the restore refuses unless --force.`}`,
    `🛟 ${p.safety_backup ? "A safety backup of the current contents would be taken first." : "No safety backup would be taken."}`,
    "",
    `To restore: db-ops restore-db ${p.backup_id} --yes  (with the same target options)`,
  ].join("\n");
}

export function summarizeVerify(result: RunResult): string | undefined {
  const v = result.output.verification as { checks: string[] } | undefined;
  const selected = result.output.selected_backup as { id: string; dir: string } | undefined;
  if (!result.ok || !v || !selected) return undefined;
  const deep = result.output.deep_verification as { tables: number; rows: number; duration_ms: number } | undefined;
  return [
    `✅ Backup ${selected.id} verifies`,
    ...v.checks.map((c) => `   ✅ ${c}`),
    ...(deep ? [`   ✅ restored into a temporary database: ${deep.tables} tables, ${deep.rows} rows, as recorded (${(deep.duration_ms / 1000).toFixed(1)} s; dropped again)`] : ["   (add --deep to also restore it into a temporary database and compare row counts)"]),
  ].join("\n");
}
