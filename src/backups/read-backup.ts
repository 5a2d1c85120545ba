// Reading the store: metadata parsed as unknown and validated, backups listed newest first by
// their metadata (never by mtime), and a user's BACKUP argument resolved to one directory.
import { readdir, readFile, stat } from "node:fs/promises";
import { basename, isAbsolute, join, resolve } from "node:path";
import { UsageError } from "../errors.js";
import { BACKUP_ID } from "./backup-store.js";
import { FORMAT_VERSION, METADATA_FILE, type BackupMetadata } from "./metadata.js";

/** A directory in the store: its metadata, or why it has none that can be trusted. */
export type StoredBackup =
  | { readonly id: string; readonly dir: string; readonly ok: true; readonly metadata: BackupMetadata }
  | { readonly id: string; readonly dir: string; readonly ok: false; readonly problem: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Validates parsed metadata.json; returns the problem, or undefined when it has what restore needs. */
export function metadataProblem(value: unknown): string | undefined {
  if (!isObject(value)) return "metadata.json is not a JSON object";
  if (value.format !== "db-ops-backup") return `metadata.json: format is ${JSON.stringify(value.format)}, expected "db-ops-backup"`;
  if (value.formatVersion !== FORMAT_VERSION) return `metadata.json: formatVersion ${JSON.stringify(value.formatVersion)} is not supported (expected ${FORMAT_VERSION}); a newer db-ops may read it`;
  if (typeof value.createdAt !== "string" || Number.isNaN(Date.parse(value.createdAt))) return "metadata.json: createdAt is not a timestamp";
  if (!isObject(value.database) || typeof value.database.name !== "string") return "metadata.json: database.name is missing";
  if (!isObject(value.dump) || typeof value.dump.file !== "string") return "metadata.json: dump.file is missing";
  if (value.dump.tables !== null && !Array.isArray(value.dump.tables)) return "metadata.json: dump.tables must be a list or null";
  if (!isObject(value.files)) return "metadata.json: files is missing";
  const dumpFile = value.dump.file;
  if (!(dumpFile in value.files)) return `metadata.json: files does not list the dump ${dumpFile}`;
  for (const [name, digest] of Object.entries(value.files)) {
    if (name.includes("/") || name.startsWith(".")) return `metadata.json: files names "${name}", which is not a plain file name`;
    if (!isObject(digest) || typeof digest.bytes !== "number" || typeof digest.sha256 !== "string" || !/^[0-9a-f]{64}$/.test(digest.sha256)) return `metadata.json: files["${name}"] needs bytes and a sha256`;
  }
  return undefined;
}

/** Reads one backup directory. */
export async function readStoredBackup(dir: string, id: string): Promise<StoredBackup> {
  let text: string;
  try {
    text = await readFile(join(dir, METADATA_FILE), "utf8");
  } catch {
    return { id, dir, ok: false, problem: `no ${METADATA_FILE}: not a complete backup` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { id, dir, ok: false, problem: `${METADATA_FILE} is not valid JSON: ${(error as Error).message}` };
  }
  const problem = metadataProblem(parsed);
  return problem ? { id, dir, ok: false, problem } : { id, dir, ok: true, metadata: parsed as BackupMetadata };
}

/** Every backup directory in the store (hidden staging directories excluded), newest first by metadata. */
export async function listStoredBackups(root: string): Promise<StoredBackup[]> {
  let entries: string[];
  try {
    entries = await readdir(root);
  } catch {
    return [];
  }
  const backups = await Promise.all(entries.filter((e) => BACKUP_ID.test(e)).map((id) => readStoredBackup(join(root, id), id)));
  const time = (b: StoredBackup) => (b.ok ? Date.parse(b.metadata.createdAt) : -Infinity);
  return backups.sort((a, b) => time(b) - time(a) || b.id.localeCompare(a.id));
}

/**
 * Resolves BACKUP: `latest` (the newest complete backup by metadata, safety backups excluded),
 * a backup id in the store, or a path to a backup directory. Anything else is a UsageError.
 */
export async function resolveBackup(root: string, ref: string, cwd: string): Promise<StoredBackup> {
  if (ref === "latest") {
    const latest = (await listStoredBackups(root)).find((b) => b.ok && b.metadata.purpose !== "safety-before-restore");
    if (!latest) throw new UsageError(`no complete backup in ${root}`, "take one with `db-ops backup-db`, or name a backup directory");
    return latest;
  }
  if (BACKUP_ID.test(ref)) {
    const dir = join(root, ref);
    if (!(await isDirectory(dir))) throw new UsageError(`no backup "${ref}" in ${root}`, "see `db-ops list-backups`");
    return readStoredBackup(dir, ref);
  }
  if (ref.includes("/") || ref === "." || ref === "..") {
    const dir = isAbsolute(ref) ? ref : resolve(cwd, ref);
    if (!(await isDirectory(dir))) throw new UsageError(`"${ref}" is not a directory`, "name a backup id (see `db-ops list-backups`), `latest`, or a backup directory");
    const backup = await readStoredBackup(dir, basename(dir));
    if (!backup.ok) throw new UsageError(`"${ref}" is not a db-ops backup directory: ${backup.problem}`);
    return backup;
  }
  throw new UsageError(`"${ref}" is not a backup id (expected YYYYMMDD_HHMMSS), "latest", or a path`, "see `db-ops list-backups`");
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
