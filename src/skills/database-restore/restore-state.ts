// What the restore and verification steps hand each other during one run.
import type { StoredBackup } from "../../backups/read-backup.js";
import type { BackupMetadata } from "../../backups/metadata.js";
import type { Target } from "../../postgres/target.js";
import type { RunContext } from "../../runtime/types.js";
import { required } from "../database-backup/backup-state.js";

export interface RestoreState {
  backup?: { id: string; dir: string; metadata: BackupMetadata };
  /** The database to restore into, and whether it exists yet. */
  database?: string;
  exists?: boolean;
  otherSessions?: number;
  safetyBackup?: { id: string; dir: string };
}

const states = new WeakMap<RunContext, RestoreState>();

export function restoreState(ctx: RunContext): RestoreState {
  let state = states.get(ctx);
  if (!state) {
    state = {};
    states.set(ctx, state);
  }
  return state;
}

/** The chosen backup (set by select-backup). */
export function chosenBackup(ctx: RunContext): NonNullable<RestoreState["backup"]> {
  return required(restoreState(ctx).backup, "the backup");
}

/** The same server as `target`, connected to its maintenance database. */
export function maintenanceTarget(target: Target): Target {
  return { ...target, database: "postgres" };
}

/** Keeps a StoredBackup only when its metadata is sound. */
export function usable(backup: StoredBackup): NonNullable<RestoreState["backup"]> | undefined {
  return backup.ok ? { id: backup.id, dir: backup.dir, metadata: backup.metadata } : undefined;
}
