// Streams pg_dump's plain SQL through the inspector and gzip into a file, hashing as it goes,
// so memory stays flat whatever the database size.
import { createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { DumpInspector, type DumpFacts } from "../../backups/dump-inspector.js";
import { DigestStream, type FileDigest } from "../../backups/digest.js";
import { OperationError } from "../../errors.js";
import { spawnStreaming, type Invocation } from "../../postgres/processes.js";

export interface DumpOutcome {
  readonly facts: DumpFacts;
  readonly file: FileDigest;
}

export interface DumpOptions {
  readonly level: number;
  readonly signal: AbortSignal;
  readonly onProgress: (bytes: number) => void;
  readonly progressIntervalMs?: number;
}

function writeFailure(error: unknown): OperationError | undefined {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOSPC") return new OperationError("the disk is full: the backup could not be written", "free space, or choose another --backup-root");
  if (code === "EDQUOT") return new OperationError("the disk quota is exceeded: the backup could not be written", "free space, or choose another --backup-root");
  if (code === "EACCES" || code === "EROFS") return new OperationError(`the backup could not be written: ${(error as Error).message}`, "choose a writable --backup-root");
  return undefined;
}

/** Runs `dump` (pg_dump, plain format, to stdout) into gzip file `path`; throws on any failure. */
export async function dumpToGzipFile(dump: Invocation, path: string, options: DumpOptions): Promise<DumpOutcome> {
  const child = spawnStreaming(dump, { signal: options.signal });
  if (!child.stdout) throw new Error("pg_dump: no stdout");
  const inspector = new DumpInspector();
  const digest = new DigestStream();
  const timer = setInterval(() => options.onProgress(inspector.bytesSeen), options.progressIntervalMs ?? 250);
  try {
    const [piped, exited] = await Promise.allSettled([
      pipeline(child.stdout, inspector, createGzip({ level: options.level }), digest, createWriteStream(path, { flags: "wx", mode: 0o644, flush: true })),
      child.done(),
    ]);
    if (piped.status === "rejected") {
      child.kill("SIGTERM");
      throw writeFailure(piped.reason) ?? (exited.status === "rejected" ? exited.reason : piped.reason);
    }
    if (exited.status === "rejected") throw exited.reason;
  } finally {
    clearInterval(timer);
  }
  options.onProgress(inspector.bytesSeen);
  const facts = inspector.facts();
  if (!facts.complete) throw new OperationError("the dump ended without pg_dump's completion trailer: it was cut short", "run the backup again; if it repeats, check the server log");
  return { facts, file: digest.digest() };
}
