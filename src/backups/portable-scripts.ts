// backup.sh and restore.sh for a backup directory: runnable with bash plus psql or docker.
// The skill's backup-db.sh holds, between markers, the restore.sh body and the roles query, so
// that db-ops and a standalone backup.sh write the same files from one source.
import { readFile } from "node:fs/promises";
import { join } from "node:path";

/** The path of the skill's backup script, which becomes each backup's backup.sh. */
export function backupScriptPath(skillDir: string): string {
  return join(skillDir, "scripts", "backup-db.sh");
}

/** The lines between `# >>> name >>>` and `# <<< name <<<` in the skill's backup script. */
export async function scriptSection(skillDir: string, name: string): Promise<string> {
  const source = await readFile(backupScriptPath(skillDir), "utf8");
  const begin = `# >>> ${name} >>>\n`;
  const from = source.indexOf(begin);
  const to = source.indexOf(`# <<< ${name} <<<\n`, from);
  if (from < 0 || to < 0) throw new Error(`${backupScriptPath(skillDir)}: section "${name}" not found`);
  return source.slice(from + begin.length, to);
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

/** restore.sh: the shebang, the defaults recorded at backup time, then the body. */
export async function renderRestoreScript(skillDir: string, defaults: RestoreDefaults): Promise<string> {
  const [shebang = "#!/usr/bin/env bash", ...body] = (await scriptSection(skillDir, "restore.sh")).split("\n");
  const header = [
    "# Defaults recorded when this backup was taken; --url, --container, DATABASE_URL override them.",
    `RECORDED_CONTAINER=${shellQuote(defaults.container ?? "")}`,
    `RECORDED_DATABASE=${shellQuote(defaults.database)}`,
    `RECORDED_USER=${shellQuote(defaults.user ?? "")}`,
  ];
  return [shebang, ...header, ...body].join("\n");
}
