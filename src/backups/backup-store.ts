// The on-disk store: backup ids, staging directories, and the atomic rename that publishes a
// complete backup. A directory with a backup id for a name is always a complete backup.
import { open, readdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { processAlive } from "../process-alive.js";

/** `YYYYMMDD_HHMMSS`, with `-N` when several backups share a second. */
export const BACKUP_ID = /^\d{8}_\d{6}(?:-\d+)?$/;

/** The backup id for a moment, in local time as the seed's `date +%Y%m%d_%H%M%S` did. */
export function backupStamp(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}_${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}

/** fsyncs a directory so that renames and new entries in it survive a crash. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Removes staging directories left by processes that no longer exist (killed with SIGKILL, power loss). */
export async function removeAbandonedStaging(root: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(root);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const entry of entries) {
    const match = /^\.staging-(\d+)-/.exec(entry);
    if (match?.[1] && !processAlive(Number(match[1]))) {
      await rm(join(root, entry), { recursive: true, force: true });
      removed.push(entry);
    }
  }
  return removed;
}

/**
 * Publishes a finished staging directory as `root/<stamp>` (or `<stamp>-2`, ... if taken) with
 * one rename, which cannot clobber an existing backup. Returns the backup id.
 */
export async function publishBackup(stagingDir: string, root: string, stamp: string): Promise<string> {
  await syncDirectory(stagingDir);
  for (let n = 1; n < 1000; n++) {
    const id = n === 1 ? stamp : `${stamp}-${n}`;
    try {
      // rename(2) refuses a non-empty target, so a published backup is never replaced.
      await rename(stagingDir, join(root, id));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOTEMPTY" || code === "EEXIST") continue;
      throw error;
    }
    await syncDirectory(root);
    return id;
  }
  throw new Error(`more than 999 backups named ${stamp} in ${root}`);
}
