// Reads a backup's dump back as plain SQL while checking it: the file's sha256 against metadata,
// the compressed stream's integrity, pg_dump's completion trailer, and the rows of every table.
import { createReadStream } from "node:fs";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { DigestStream } from "./digest.js";
import { DumpInspector } from "./dump-inspector.js";
import type { BackupMetadata } from "./metadata.js";

/** What disagrees between the dump as read and its metadata; empty when it all matches. */
export function dumpProblems(metadata: BackupMetadata, digest: DigestStream, inspector: DumpInspector): string[] {
  const problems: string[] = [];
  const expected = metadata.files[metadata.dump.file];
  const actual = digest.digest();
  if (expected && (actual.sha256 !== expected.sha256 || actual.bytes !== expected.bytes)) problems.push(`${metadata.dump.file}: sha256 or size differs from metadata.json (the file changed after the backup)`);
  const facts = inspector.facts();
  if (!facts.complete) problems.push(`${metadata.dump.file}: the dump does not end with pg_dump's completion trailer (cut short)`);
  if (metadata.dump.tables) {
    const seen = new Map(facts.tables.map((t) => [`${t.schema}.${t.name}`, t.rows]));
    for (const t of metadata.dump.tables) {
      const rows = seen.get(`${t.schema}.${t.name}`);
      if (rows !== t.rows) problems.push(`${t.schema}.${t.name}: metadata.json records ${t.rows} rows, the dump holds ${rows ?? "no such table"}`);
    }
    if (facts.tables.length !== metadata.dump.tables.length) problems.push(`the dump holds ${facts.tables.length} tables, metadata.json records ${metadata.dump.tables.length}`);
  }
  return problems;
}

/** The dump as a stream of SQL, with the digest and inspector that watch it (read them once it ends). */
export function openDump(dir: string, metadata: BackupMetadata): { sql: Readable; digest: DigestStream; inspector: DumpInspector } {
  const digest = new DigestStream();
  const inspector = new DumpInspector();
  const file = createReadStream(join(dir, metadata.dump.file), { highWaterMark: 1024 * 1024 });
  const gunzip = createGunzip();
  const sql = file.pipe(digest).pipe(gunzip).pipe(inspector);
  // pipe() does not forward errors; forward each stage's to the stream the caller reads.
  const forward = (error: Error) => sql.destroy(error);
  file.on("error", forward);
  digest.on("error", forward);
  gunzip.on("error", forward);
  return { sql, digest, inspector };
}
