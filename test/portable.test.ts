// backup.sh and restore.sh run with bash plus psql (or docker) alone: Node is not on their PATH.
import assert from "node:assert/strict";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { execa } from "execa";
import { assertSameDatabase, snapshot } from "./helpers/compare.js";
import { runCli } from "./helpers/cli.js";
import { backupOf, pathWithoutNode, standinDir, variedDb } from "./helpers/fixtures.js";
import { createScratchDb, PG_HOST, PG_PORT, PG_USER, type ScratchDb } from "./helpers/pg.js";

let source: ScratchDb;
let work: string;
let noNode: string;
let backup: { id: string; dir: string };
const dbs: ScratchDb[] = [];

before(async () => {
  source = await variedDb("port 'q' src");
  dbs.push(source);
  work = await mkdtemp(join(tmpdir(), "db-ops-portable-"));
  noNode = await pathWithoutNode();
  backup = await backupOf(source, join(work, "store"), work);
});

after(async () => {
  await Promise.all(dbs.map((db) => db.drop()));
  await rm(work, { recursive: true, force: true });
  await rm(join(noNode, ".."), { recursive: true, force: true });
});

async function empty(label: string): Promise<ScratchDb> {
  const db = await createScratchDb(label);
  dbs.push(db);
  return db;
}

/** Runs a script with only `extra` in the environment and a PATH without Node. */
function bare(script: string, args: string[], extra: Record<string, string> = {}, path = noNode) {
  return execa("bash", [script, ...args], { env: { PATH: path, HOME: work, ...extra }, extendEnv: false, reject: false, cwd: work });
}

describe("portable scripts without Node", () => {
  it("the PATH they run with really has no node", async () => {
    const r = await execa("bash", ["-c", "command -v node || echo none"], { env: { PATH: noNode }, extendEnv: false });
    assert.equal(r.stdout.trim(), "none");
  });

  it("restore.sh --url restores into an empty database", async () => {
    const target = await empty("port url");
    const r = await bare(join(backup.dir, "restore.sh"), ["--url", target.url]);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.match(r.stdout, /^Restored \d{8}_\d{6} into postgresql:\/\//);
    await assertSameDatabase(source.name, target.name);
  });

  it("restore.sh uses DATABASE_URL, and the container recorded at backup time", async () => {
    const viaEnv = await empty("port env");
    const r = await bare(join(backup.dir, "restore.sh"), [], { DATABASE_URL: viaEnv.url });
    assert.equal(r.exitCode, 0, r.stderr);
    await assertSameDatabase(source.name, viaEnv.name);
    const containerBackup = await runCli(["backup-db", "--container", "dev_db", "--database", source.name, "--backup-root", join(work, "cstore"), "--no-events", "--json"], {
      cwd: work,
      env: { PATH: `${standinDir}:${process.env.PATH}`, DOCKER_STANDIN_CONTAINERS: "dev_db" },
    });
    assert.equal(containerBackup.exitCode, 0, containerBackup.stderr);
    const dir = join(work, "cstore", JSON.parse(containerBackup.stdout).backup.id);
    assert.match(await readFile(join(dir, "restore.sh"), "utf8"), /^RECORDED_CONTAINER='dev_db'$/m);
    const viaContainer = await empty("port 'c' tgt");
    const rc = await bare(join(dir, "restore.sh"), ["--database", viaContainer.name], { DOCKER_STANDIN_CONTAINERS: "dev_db" }, `${standinDir}:${noNode}`);
    assert.equal(rc.exitCode, 0, rc.stderr);
    await assertSameDatabase(source.name, viaContainer.name);
  });

  it("restore.sh refuses a damaged backup and rolls back failing SQL, exiting non-zero", async () => {
    const target = await empty("port bad");
    await target.query("CREATE TABLE keep (x int)");
    const before_ = await snapshot(target.name);
    const damaged = join(work, "damaged");
    await cp(backup.dir, damaged, { recursive: true });
    const gz = await readFile(join(damaged, "backup.sql.gz"));
    gz.writeUInt8(gz.readUInt8(100) ^ 1, 100);
    await writeFile(join(damaged, "backup.sql.gz"), gz);
    const r = await bare(join(damaged, "restore.sh"), ["--url", target.url]);
    assert.equal(r.exitCode, 1);
    assert.match(r.stderr, /checksums do not match: this backup is damaged; nothing was restored/);
    // The target is not empty: the dump's CREATE of an existing object fails, and all of it rolls back.
    const source2 = await empty("port dup");
    await source2.query("CREATE TABLE keep (x int); INSERT INTO keep VALUES (1)");
    const dup = await backupOf(source2, join(work, "dup-store"), work);
    const failed = await bare(join(dup.dir, "restore.sh"), ["--url", target.url]);
    assert.equal(failed.exitCode, 1);
    assert.match(failed.stderr, /relation "keep" already exists/);
    assert.match(failed.stderr, /the transaction was rolled back, nothing was changed/);
    assert.deepEqual(await snapshot(target.name), before_);
  });

  it("backup.sh makes a backup (URL and container) that db-ops verifies and restores; no password is written", async () => {
    const role = `dbops_pw_${Date.now()}`;
    await source.query(`CREATE ROLE ${role} LOGIN SUPERUSER PASSWORD 'Sh-s3cret'`);
    try {
      const root = join(work, "sh-store");
      const url = `postgresql://${role}:Sh-s3cret@${PG_HOST}:${PG_PORT}/${encodeURIComponent(source.name)}`;
      const byUrl = await bare(join(backup.dir, "backup.sh"), ["--url", url, "--backup-root", root]);
      assert.equal(byUrl.exitCode, 0, byUrl.stderr);
      const byContainer = await bare(join(backup.dir, "backup.sh"), ["--container", "dev_db", "--database", source.name, "--user", PG_USER, "--backup-root", root], { DOCKER_STANDIN_CONTAINERS: "dev_db" }, `${standinDir}:${noNode}`);
      assert.equal(byContainer.exitCode, 0, byContainer.stderr);
      const ids = (await readdir(root)).sort();
      assert.equal(ids.length, 2);
      const grep = await execa("grep", ["-r", "-l", "Sh-s3cret", root], { reject: false });
      assert.equal(grep.stdout, "", "no file holds the password");
      for (const id of ids) {
        const verified = await runCli(["verify-backup", id, "--backup-root", root, "--no-events"], { cwd: work });
        assert.equal(verified.exitCode, 0, verified.stderr);
        const meta = JSON.parse(await readFile(join(root, id, "metadata.json"), "utf8"));
        assert.equal(meta.database.name, source.name, "a name with quotes and spaces survives");
        const target = await empty("port from sh");
        const restored = await runCli(["restore-db", id, "--backup-root", root, "--url", target.url, "--yes", "--no-events"], { cwd: work });
        assert.equal(restored.exitCode, 0, restored.stderr);
        await assertSameDatabase(source.name, target.name);
      }
    } finally {
      await source.query(`DROP ROLE ${role}`);
    }
  });
});
