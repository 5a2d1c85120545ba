// metadata.json: what a backup is, written last so that its presence means "complete".
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { TableRows } from "./dump-inspector.js";
import type { FileDigest } from "./digest.js";

export const METADATA_FILE = "metadata.json";
export const FORMAT_VERSION = 1;

/** The directory name is the backup's id; metadata does not repeat it. */
export interface BackupMetadata {
  readonly format: "db-ops-backup";
  readonly formatVersion: typeof FORMAT_VERSION;
  readonly tool: { readonly name: string; readonly version: string };
  /** Why it was taken: absent for an ordinary backup; "safety-before-restore" for restore's own. */
  readonly purpose?: "safety-before-restore";
  readonly createdAt: string;
  readonly completedAt: string;
  readonly durationMs: number;
  readonly database: {
    readonly name: string;
    readonly serverVersion: string;
    readonly serverVersionNum: number;
    readonly encoding: string;
    readonly collate: string;
    readonly ctype: string;
    readonly sizeBytes: number;
  };
  readonly target: {
    readonly kind: "url" | "libpq" | "container";
    readonly source: string;
    readonly container?: string;
    readonly host?: string;
    readonly port?: number;
    readonly user?: string;
  };
  readonly dump: {
    readonly file: string;
    readonly format: "plain";
    readonly compression: "gzip";
    readonly compressionLevel: number;
    readonly clientVersion: string;
    readonly uncompressedBytes: number;
    /** Rows per table counted while dumping; null when the backup was made by backup.sh. */
    readonly tables: readonly TableRows[] | null;
  };
  /** Size and sha256 of every other file in the directory. */
  readonly files: Readonly<Record<string, FileDigest>>;
}

/** Writes metadata.json into `dir`, flushed to disk. */
export async function writeMetadata(dir: string, metadata: BackupMetadata): Promise<void> {
  await writeFile(join(dir, METADATA_FILE), `${JSON.stringify(metadata, null, 2)}\n`, { mode: 0o644, flush: true });
}

/** SHA256SUMS in coreutils' format, so `sha256sum -c` verifies a backup with nothing else. */
export function sha256sums(files: Readonly<Record<string, FileDigest>>): string {
  return Object.entries(files)
    .map(([name, d]) => `${d.sha256}  ${name}\n`)
    .join("");
}
