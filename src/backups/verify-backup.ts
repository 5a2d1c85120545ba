// The checks a backup must pass before anything is restored from it.
import { createReadStream } from "node:fs";
import { join } from "node:path";
import { DigestStream } from "./digest.js";
import { dumpProblems, openDump } from "./dump-reader.js";
import type { BackupMetadata } from "./metadata.js";
import { pipeline } from "node:stream/promises";

async function fileProblem(dir: string, name: string, expected: { bytes: number; sha256: string }): Promise<string | undefined> {
  const digest = new DigestStream();
  try {
    await pipeline(createReadStream(join(dir, name)), digest, async function* (source) {
      for await (const _ of source);
    });
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT" ? `${name}: missing` : `${name}: cannot be read (${(error as Error).message})`;
  }
  const actual = digest.digest();
  if (actual.bytes !== expected.bytes) return `${name}: ${actual.bytes} bytes, metadata.json records ${expected.bytes} (truncated or changed)`;
  if (actual.sha256 !== expected.sha256) return `${name}: sha256 differs from metadata.json (the file is damaged or was changed)`;
  return undefined;
}

/** Size and sha256 of every file metadata.json lists. Fast: reads the files once, no decompression. */
export async function verifyFiles(dir: string, metadata: BackupMetadata): Promise<string[]> {
  const problems = await Promise.all(Object.entries(metadata.files).map(([name, digest]) => fileProblem(dir, name, digest)));
  return problems.filter((p): p is string => p !== undefined);
}

/** Decompresses the whole dump: the stream must be complete, end with the trailer, and hold the recorded rows. */
export async function verifyDumpStream(dir: string, metadata: BackupMetadata): Promise<string[]> {
  const { sql, digest, inspector } = openDump(dir, metadata);
  try {
    for await (const _ of sql);
  } catch (error) {
    return [`${metadata.dump.file}: not a complete ${metadata.dump.compression} stream (${(error as Error).message})`];
  }
  return dumpProblems(metadata, digest, inspector);
}

/** Every check: files first (a damaged file makes decompressing pointless), then the dump itself. */
export async function verifyBackup(dir: string, metadata: BackupMetadata): Promise<string[]> {
  const files = await verifyFiles(dir, metadata);
  return files.length > 0 ? files : verifyDumpStream(dir, metadata);
}
