// Reading what a backup run left on disk.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { PG_HOST, PG_PORT, PG_USER } from "./pg.js";

/** Entries of the store, hidden ones included (staging directories would show here). */
export async function storeEntries(root: string): Promise<string[]> {
  try {
    return (await readdir(root)).sort();
  } catch {
    return [];
  }
}

/** Asserts that `dir` is a complete backup whose files match metadata.json; returns the metadata. */
export async function assertCompleteBackup(dir: string): Promise<Record<string, any>> {
  const metadata = JSON.parse(await readFile(join(dir, "metadata.json"), "utf8"));
  assert.equal(metadata.format, "db-ops-backup");
  assert.deepEqual((await readdir(dir)).sort(), ["SHA256SUMS", "backup.sh", "backup.sql.gz", "metadata.json", "restore.sh", "roles.sql"]);
  for (const [name, digest] of Object.entries<{ bytes: number; sha256: string }>(metadata.files)) {
    const content = await readFile(join(dir, name));
    assert.equal(content.length, digest.bytes, `${name} size`);
    assert.equal(createHash("sha256").update(content).digest("hex"), digest.sha256, `${name} sha256`);
  }
  assert.ok(metadata.files["backup.sql.gz"].bytes > 0);
  return metadata;
}

/** `gunzip -c backup.sql.gz | psql -v ON_ERROR_STOP=1` into `database`, as a user would by hand. */
export async function gunzipIntoPsql(dir: string, database: string): Promise<void> {
  await execa("bash", ["-o", "pipefail", "-c", 'gunzip -c "$1" | psql -X -q -v ON_ERROR_STOP=1 -h "$2" -p "$3" -U "$4" -d "$5" >/dev/null', "-", join(dir, "backup.sql.gz"), PG_HOST, String(PG_PORT), PG_USER, database]);
}

/** Parses the stand-in's log: one array of arguments per docker call. */
export async function dockerCalls(log: string): Promise<string[][]> {
  let text: string;
  try {
    text = await readFile(log, "utf8");
  } catch {
    return [];
  }
  return text
    .split("\0\n")
    .filter((record) => record.length > 0)
    .map((record) => record.split("\0"));
}
