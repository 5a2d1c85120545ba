// Streams a backup into psql as one transaction: BEGIN, the caller's SQL, roles.sql, the dump
// (hashed and inspected as it passes), the caller's closing SQL, then COMMIT only when every
// check passed. On any failure psql is stopped and the server rolls the transaction back.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { dumpProblems, openDump } from "../backups/dump-reader.js";
import type { DumpFacts } from "../backups/dump-inspector.js";
import type { BackupMetadata } from "../backups/metadata.js";
import { OperationError } from "../errors.js";
import { spawnStreaming } from "../postgres/processes.js";
import { clientInvocation, type Target } from "../postgres/target.js";

export interface RestoreScript {
  /** SQL after BEGIN and before roles.sql. */
  readonly before: string;
  /** SQL after the dump, given what the dump held. */
  after(facts: DumpFacts): string;
  /** COMMIT to keep the result; ROLLBACK for a trial run (deep verification). */
  readonly finish: "COMMIT" | "ROLLBACK";
}

export interface StreamRestoreOptions {
  readonly signal: AbortSignal;
  readonly onProgress: (sqlBytes: number) => void;
  /** Keep psql's output (for markers printed by `after`). */
  readonly captureOutput?: boolean;
}

export interface RestoreOutcome {
  readonly facts: DumpFacts;
  readonly output: string;
}

/** Runs the restore transaction against `target` (whose database must exist). */
export async function streamRestore(target: Target, dir: string, metadata: BackupMetadata, script: RestoreScript, options: StreamRestoreOptions): Promise<RestoreOutcome> {
  const roles = "roles.sql" in metadata.files ? await readFile(join(dir, "roles.sql"), "utf8") : "";
  const { sql, digest, inspector } = openDump(dir, metadata);
  const psql = spawnStreaming(clientInvocation(target, "psql", ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-f", "-"], { stdin: true }), {
    signal: options.signal,
    withStdin: true,
    stdout: options.captureOutput ? "capture" : "ignore",
  });
  if (!psql.stdin) throw new Error("psql: no stdin");
  let lastProgress = 0;
  let readFailure: unknown;
  // Errors thrown into the generator at a `yield` come from downstream (psql went away); errors at
  // the `for await` come from reading the backup. Only the latter are the backup's fault.
  let yielding = false;
  async function* transaction(): AsyncGenerator<string | Buffer> {
    try {
      yielding = true;
      yield `BEGIN;\n${script.before}\n${roles}\n`;
      yielding = false;
      for await (const chunk of sql) {
        yielding = true;
        yield chunk as Buffer;
        yielding = false;
        const now = Date.now();
        if (now - lastProgress >= 250) {
          lastProgress = now;
          options.onProgress(inspector.bytesSeen);
        }
      }
      options.onProgress(inspector.bytesSeen);
      const problems = dumpProblems(metadata, digest, inspector);
      if (problems.length > 0) throw new OperationError(`the backup failed its checks while restoring, so nothing was committed: ${problems.join("; ")}`, "the backup is damaged; restore another one (see `db-ops list-backups`)");
    } catch (error) {
      if (!yielding) {
        // Stop psql before it sees the end of its input: the open transaction dies with it.
        readFailure = error;
        psql.kill("SIGKILL");
      }
      throw error;
    }
    yield `\n${script.after(inspector.facts())}\n${script.finish};\n`;
  }
  const [piped, exited] = await Promise.allSettled([pipeline(Readable.from(transaction()), psql.stdin), psql.done()]);
  if (readFailure !== undefined) {
    if (readFailure instanceof OperationError) throw readFailure;
    throw new OperationError(`the backup could not be read (${(readFailure as Error).message}), so nothing was committed`, "the backup is damaged; restore another one (see `db-ops list-backups`)");
  }
  // psql's own error (the SQL that failed, the server gone) explains more than the broken pipe it causes.
  if (exited.status === "rejected") throw new OperationError(`the restore failed and its transaction was rolled back: ${(exited.reason as Error).message}`);
  if (piped.status === "rejected") throw piped.reason;
  return { facts: inspector.facts(), output: exited.value };
}
