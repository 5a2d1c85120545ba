// Human renderings of list-backups and prune-backups results.
import type { RunResult } from "../../runtime/types.js";
import type { ListedBackup } from "./list-backups.js";
import type { PruneDecision } from "./prune-backups.js";
import { humanBytes, localTime } from "./summary.js";

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ").trimEnd()).join("\n");
}

/** `db-ops list-backups`: one line per backup, newest first. */
export function summarizeList(result: RunResult): string | undefined {
  const backups = result.output.backups as ListedBackup[] | undefined;
  if (!result.ok || !backups) return undefined;
  if (backups.length === 0) return `No backups in ${String(result.output.store)}. Take one with: db-ops backup-db`;
  const rows = backups.map((b) => [
    b.id,
    b.created_at ? localTime(b.created_at) : "?",
    b.database ?? "?",
    b.compressed_bytes === null ? "?" : humanBytes(b.compressed_bytes),
    b.duration_ms === null ? "?" : `${(b.duration_ms / 1000).toFixed(1)} s`,
    b.verifies ? "yes" : `NO: ${b.problems[0] ?? ""}`,
    b.purpose === "safety-before-restore" ? "safety backup before a restore" : "",
  ]);
  return `${table([["ID", "CREATED", "DATABASE", "SIZE", "DURATION", "VERIFIES", "NOTE"], ...rows])}\n\n${backups.length} backup(s) in ${String(result.output.store)}`;
}

/** `db-ops prune-backups`: what is kept and why, what goes. */
export function summarizePrune(result: RunResult): string | undefined {
  const prune = result.output.prune as { applied: boolean; decisions: PruneDecision[]; store: string } | undefined;
  if (!result.ok || !prune) return undefined;
  const deleting = prune.decisions.filter((d) => d.action === "delete");
  const lines = prune.decisions.map((d) => `  ${d.action === "keep" ? "keep  " : d.action === "delete" ? (prune.applied ? "DELETED" : "delete") : "skip  "} ${d.id}  ${d.reasons.join(", ")}`);
  const verdict = prune.applied
    ? `${deleting.length} backup(s) deleted from ${prune.store}.`
    : deleting.length > 0
      ? `Dry run: ${deleting.length} backup(s) would be deleted. Run again with --apply to delete them.`
      : "Nothing to delete.";
  return [...lines, "", verdict].join("\n");
}
