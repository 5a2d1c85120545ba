// What the backup steps hand each other during one run.
import { resolve } from "node:path";
import type { DumpOutcome } from "./dump-pipeline.js";
import type { ClientVersion, ServerInfo } from "../../postgres/server-info.js";
import type { FileDigest } from "../../backups/digest.js";
import type { RunContext } from "../../runtime/types.js";

export interface BackupState {
  startedAt?: Date;
  server?: ServerInfo;
  client?: ClientVersion;
  stagingDir?: string | undefined;
  dump?: DumpOutcome;
  files: Record<string, FileDigest>;
  /** Set for a backup taken by restore before it replaces the database. */
  purpose?: "safety-before-restore";
}

const states = new WeakMap<RunContext, BackupState>();

/** This run's backup state, created on first use. */
export function backupState(ctx: RunContext): BackupState {
  let state = states.get(ctx);
  if (!state) {
    state = { files: {} };
    states.set(ctx, state);
  }
  return state;
}

/** A value that an earlier step must have set; a missing one is a bug in the step order. */
export function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`internal: ${what} is not known yet (check the command's steps order)`);
  return value;
}

/** The store root: --backup-root, then db-ops.yaml's backup-root, then storage/backups; relative to cwd. */
export function backupRoot(ctx: RunContext): string {
  const flag = ctx.options["backup-root"];
  return resolve(ctx.cwd, typeof flag === "string" ? flag : (ctx.config.backupRoot ?? "storage/backups"));
}

/** The gzip level used by default (chosen by the benchmark: see README, Performance). */
export const DEFAULT_GZIP_LEVEL = 1;
