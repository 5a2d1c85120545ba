// backup.sh and restore.sh for a backup directory: runnable with bash plus psql or docker.
// restore.sh's body lives once, inside the skill's backup-db.sh between markers, so that
// db-ops and a standalone backup.sh write the same restore.sh.
import { readFile } from "node:fs/promises";
import { join } from "node:path";

const BEGIN = "# >>> restore.sh >>>";
const END = "# <<< restore.sh <<<";

/** The path of the skill's backup script, which becomes each backup's backup.sh. */
export function backupScriptPath(skillDir: string): string {
  return join(skillDir, "scripts", "backup-db.sh");
}

/** Quotes a value for bash (single quotes, with embedded ones closed and escaped). */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export interface RestoreDefaults {
  readonly container: string | undefined;
  readonly database: string;
  readonly user: string | undefined;
}

/** restore.sh: the defaults recorded at backup time, then the body from backup-db.sh. */
export async function renderRestoreScript(skillDir: string, defaults: RestoreDefaults): Promise<string> {
  const source = await readFile(backupScriptPath(skillDir), "utf8");
  const from = source.indexOf(`${BEGIN}\n`);
  const to = source.indexOf(`${END}\n`);
  if (from < 0 || to < from) throw new Error(`${backupScriptPath(skillDir)}: restore.sh body markers not found`);
  const body = source.slice(from + BEGIN.length + 1, to);
  const lines = body.split("\n");
  const shebang = lines[0] ?? "#!/usr/bin/env bash";
  const header = [
    "# Defaults recorded when this backup was taken; --url, --container, DATABASE_URL override them.",
    `RECORDED_CONTAINER=${shellQuote(defaults.container ?? "")}`,
    `RECORDED_DATABASE=${shellQuote(defaults.database)}`,
    `RECORDED_USER=${shellQuote(defaults.user ?? "")}`,
  ];
  return [shebang, ...header, ...lines.slice(1)].join("\n");
}
