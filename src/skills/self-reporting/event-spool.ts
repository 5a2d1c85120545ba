// Events that could not be delivered wait in files under .db-ops/spool/ until a later run
// delivers them. Each file is claimed by an atomic rename, so two runs never deliver one twice.
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { processAlive } from "../../process-alive.js";
import type { EventRow } from "./event-rows.js";

/** The spool folder of a project. */
export function spoolDir(cwd: string): string {
  return join(cwd, ".db-ops", "spool");
}

/** Writes `rows` to a new spool file (temp name, then rename). Returns its path. */
export async function spoolEvents(dir: string, rows: readonly EventRow[]): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const name = `events-${Date.now()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}.jsonl`;
  const temp = join(dir, `.${name}.tmp`);
  await writeFile(temp, rows.map((r) => JSON.stringify(r)).join("\n") + "\n", { mode: 0o600, flush: true });
  await rename(temp, join(dir, name));
  return join(dir, name);
}

/** Spooled events claimed by this process: deliver them, then `done()`; or `release()` to put them back. */
export interface ClaimedEvents {
  readonly rows: readonly EventRow[];
  done(): Promise<void>;
  release(): Promise<void>;
}

/** Claims every waiting spool file (and those claimed by processes that died). */
export async function claimSpooledEvents(dir: string): Promise<ClaimedEvents> {
  let entries: string[];
  try {
    entries = (await readdir(dir)).sort();
  } catch {
    entries = [];
  }
  const claimed: { path: string; original: string }[] = [];
  for (const entry of entries) {
    const orphan = /^\.claimed-(\d+)-(events-.*\.jsonl)$/.exec(entry);
    const original = orphan ? (processAlive(Number(orphan[1])) ? undefined : orphan[2]) : /^events-.*\.jsonl$/.test(entry) ? entry : undefined;
    if (!original) continue;
    const path = join(dir, `.claimed-${process.pid}-${original}`);
    try {
      await rename(join(dir, entry), path);
      claimed.push({ path, original });
    } catch {
      // Another run claimed it first.
    }
  }
  const rows: EventRow[] = [];
  for (const { path } of claimed) {
    for (const line of (await readFile(path, "utf8")).split("\n")) if (line.trim()) rows.push(JSON.parse(line) as EventRow);
  }
  return {
    rows,
    done: async () => {
      for (const { path } of claimed) await rm(path, { force: true });
    },
    release: async () => {
      for (const { path, original } of claimed) await rename(path, join(dir, original)).catch(() => undefined);
    },
  };
}
