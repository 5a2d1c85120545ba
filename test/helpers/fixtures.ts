// Building blocks shared by the restore tests: the varied database, a backup of it, and PATHs.
import { mkdir, mkdtemp, readdir, readFile, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot, runCli } from "./cli.js";
import { createScratchDb, psqlScript, type ScratchDb } from "./pg.js";

export const standinDir = join(repoRoot, "test/fixtures/docker-standin");

/** A scratch database loaded with test/fixtures/varied.sql. */
export async function variedDb(label: string): Promise<ScratchDb> {
  const db = await createScratchDb(label);
  await psqlScript(db.name, await readFile(join(repoRoot, "test/fixtures/varied.sql"), "utf8"));
  return db;
}

/** Backs `db` up with the real CLI into `root`; returns the backup's directory. */
export async function backupOf(db: ScratchDb, root: string, cwd: string): Promise<{ id: string; dir: string }> {
  const r = await runCli(["backup-db", "--url", db.url, "--backup-root", root, "--no-events", "--json"], { cwd });
  if (r.exitCode !== 0) throw new Error(`backup failed: ${r.stderr}`);
  const id = JSON.parse(r.stdout).backup.id as string;
  return { id, dir: join(root, id) };
}

/** A PATH holding every tool in /usr/bin and /bin except Node (and npm): "no Node on this machine". */
export async function pathWithoutNode(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "db-ops-nonode-"));
  const bin = join(dir, "bin");
  await mkdir(bin);
  const skip = new Set(["node", "nodejs", "npm", "npx", "corepack"]);
  for (const source of ["/usr/bin", "/bin"]) {
    for (const name of await readdir(source).catch(() => [] as string[])) {
      if (skip.has(name)) continue;
      await symlink(join(source, name), join(bin, name)).catch(() => undefined);
    }
  }
  return bin;
}
