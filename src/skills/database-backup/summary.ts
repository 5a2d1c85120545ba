// The human summary of a backup run, as the seed shows it.
import type { RunResult } from "../../runtime/types.js";

interface BackupOutput {
  readonly dir: string;
  readonly database: string;
  readonly target: { readonly kind: string; readonly container?: string; readonly host?: string; readonly port?: number | null };
  readonly files: readonly { readonly name: string; readonly bytes: number }[];
  readonly compressed_bytes: number;
  readonly sql_bytes: number;
  readonly tables: number;
  readonly rows: number;
  readonly duration_ms: number;
  readonly created_at: string;
}

const describe: Record<string, string> = {
  "backup.sql.gz": "database dump",
  "roles.sql": "roles the database needs",
  "backup.sh": "backup script",
  "restore.sh": "restore script",
  "SHA256SUMS": "checksums",
  "metadata.json": "backup info",
};

/** Bytes for people: 1.2 MB, 830 KB. */
export function humanBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 * 1024) return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
}

/** A timestamp in local time, as the seed prints it: 2026-01-15 14:30:22. */
export function localTime(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The summary of a successful backup run, or undefined when the run made none. */
export function summarizeBackup(result: RunResult): string | undefined {
  const backup = result.output.backup as BackupOutput | undefined;
  if (!result.ok || !backup) return undefined;
  const where = backup.target.kind === "container" ? `Container: ${backup.target.container}` : `Host: ${backup.target.host}${backup.target.port ? `:${backup.target.port}` : ""}`;
  const files = [...backup.files.map((f) => f.name), "metadata.json"];
  return [
    "✅ Database Backup Created Successfully",
    "",
    "📦 Backup Location:",
    `   ${backup.dir}`,
    "",
    "📊 Backup Contents:",
    ...files.map((name) => `   ✅ ${name} (${describe[name] ?? "file"})`),
    "",
    "📈 Backup Details:",
    `   Database: ${backup.database}`,
    `   ${where}`,
    `   Size: ${humanBytes(backup.compressed_bytes)} (compressed; ${humanBytes(backup.sql_bytes)} of SQL, ${backup.tables} tables, ${backup.rows} rows)`,
    `   Duration: ${(backup.duration_ms / 1000).toFixed(1)} seconds`,
    "",
    `🕐 Created: ${localTime(backup.created_at)}`,
    "",
    "📤 Next Steps:",
    "   - Backup is portable: restore.sh restores it with bash and psql (or docker) alone",
    "   - Use /restore-db to restore from the latest backup",
    "   - Backup directory can be archived or transferred",
  ].join("\n");
}
