// restore-db: round trips into a changed, an empty and a missing database; faults refused before
// the target is touched; failures mid-restore leave the target exactly as it was.
import assert from "node:assert/strict";
import { appendFile, mkdtemp, readFile, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { gunzipSync, gzipSync } from "node:zlib";
import { createHash } from "node:crypto";
import { execa } from "execa";
import pg from "pg";
import { assertSameDatabase, snapshot } from "./helpers/compare.js";
import { runCli, startCli } from "./helpers/cli.js";
import { eventRows } from "./helpers/events.js";
import { dockerCalls } from "./helpers/backups.js";
import { backupOf, standinDir, variedDb } from "./helpers/fixtures.js";
import { createScratchDb, PG_HOST, PG_PORT, PG_USER, psqlScript, urlFor, withClient, type ScratchDb } from "./helpers/pg.js";
import { waitFor } from "./helpers/wait.js";

let source: ScratchDb;
let events: ScratchDb;
let work: string;
let good: { id: string; dir: string };
const dbs: ScratchDb[] = [];

before(async () => {
  source = await variedDb("rs_src");
  events = await createScratchDb("rs_events");
  dbs.push(source, events);
  work = await mkdtemp(join(tmpdir(), "db-ops-restore-"));
  good = await backupOf(source, join(work, "store"), work);
});

after(async () => {
  await Promise.all(dbs.map((db) => db.drop()));
  await rm(work, { recursive: true, force: true });
});

async function scratch(label: string): Promise<ScratchDb> {
  const db = await createScratchDb(label);
  dbs.push(db);
  return db;
}

async function databaseExists(name: string): Promise<boolean> {
  return withClient("postgres", async (c) => (await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount === 1);
}

/** A copy of `dir` in the test's work folder, to damage. */
async function copyOf(dir: string, label: string): Promise<string> {
  const copy = join(work, `copy-${label}`);
  await execa("cp", ["-r", dir, copy]);
  return copy;
}

const restore = (backup: string, url: string, ...extra: string[]) => runCli(["restore-db", backup, "--url", url, "--backup-root", join(work, "store"), "--yes", "--no-events", "--json", ...extra], { cwd: work });

describe("restore-db round trips", () => {
  it("replaces a database whose data changed, and the result equals the original exactly", async () => {
    const target = await variedDb("rs_changed");
    const copy = await scratch("rs_reference");
    await psqlScript(copy.name, "SELECT 1");
    await target.query(`DELETE FROM app.child; UPDATE app.people SET name = 'changed' WHERE id < 10; CREATE TABLE public.stray (x int); SELECT lo_from_bytea(0, 'stray lo')`);
    const r = await runCli(["restore-db", good.dir, "--url", target.url, "--backup-root", join(work, "store"), "--yes", "--events-url", events.url, "--json"], { cwd: work });
    assert.equal(r.exitCode, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.restore.created_database, false);
    assert.ok(out.safety_backup.id, "a safety backup was taken");
    await assertSameDatabase(source.name, target.name);
  });

  it("restores into an existing empty database", async () => {
    const target = await scratch("rs_empty");
    const r = await restore(good.id, target.url);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).safety_backup.id !== undefined, true);
    await assertSameDatabase(source.name, target.name);
  });

  it("creates a database that does not exist, with the original's encoding and locale", async () => {
    const name = `dbops_rs_new_${Date.now()}`;
    dbs.push({ name, url: urlFor(name), query: async () => [], drop: () => withClient("postgres", (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined) });
    const r = await restore("latest", urlFor(name));
    assert.equal(r.exitCode, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.restore.created_database, true);
    assert.equal(out.safety_backup, undefined, "nothing to save in a database that did not exist");
    const [enc] = await withClient("postgres", async (c) => (await c.query(`SELECT pg_encoding_to_char(encoding) AS e, datcollate FROM pg_database WHERE datname = $1`, [name])).rows);
    const meta = JSON.parse(await readFile(join(good.dir, "metadata.json"), "utf8"));
    assert.deepEqual([enc.e, enc.datcollate], [meta.database.encoding, meta.database.collate]);
    await assertSameDatabase(source.name, name);
  });

  it("restores through a container (docker exec -i psql), with the stand-in for Docker", async () => {
    const target = await scratch("rs_container");
    const log = join(work, "docker-restore.log");
    const r = await runCli(["restore-db", good.dir, "--container", "dev_db", "--database", target.name, "--yes", "--no-events", "--json"], {
      cwd: work,
      env: { PATH: `${standinDir}:${process.env.PATH}`, DOCKER_STANDIN_CONTAINERS: "dev_db", DOCKER_STANDIN_LOG: log },
    });
    assert.equal(r.exitCode, 0, r.stderr);
    await assertSameDatabase(source.name, target.name);
    const calls = await dockerCalls(log);
    assert.ok(calls.some((c) => JSON.stringify(c.slice(0, 5)) === JSON.stringify(["exec", "-i", "dev_db", "psql", `--dbname=dbname='${target.name}' user='postgres'`])), JSON.stringify(calls));
  });

  it("a backup made by the portable backup.sh restores with db-ops restore-db", async () => {
    const root = join(work, "sh-store");
    await execa("bash", [join(good.dir, "backup.sh"), "--url", source.url, "--backup-root", root], { cwd: work });
    const [id] = (await execa("ls", [root])).stdout.split("\n");
    const target = await scratch("rs_from_sh");
    const r = await runCli(["restore-db", join(root, id ?? ""), "--url", target.url, "--yes", "--no-events", "--json"], { cwd: work });
    assert.equal(r.exitCode, 0, r.stderr);
    await assertSameDatabase(source.name, target.name);
  });
});

describe("restore-db refuses a damaged backup before the target is touched", () => {
  let target: ScratchDb;
  let before_: Awaited<ReturnType<typeof snapshot>>;
  before(async () => {
    target = await scratch("rs_untouched");
    await target.query("CREATE TABLE keep_me (x int); INSERT INTO keep_me VALUES (42)");
    before_ = await snapshot(target.name);
  });

  async function assertRefused(backupArg: string, pattern: RegExp, exitCode = 1) {
    const r = await runCli(["restore-db", backupArg, "--url", target.url, "--yes", "--backup-root", join(work, "store"), "--no-events", "--json"], { cwd: work });
    assert.equal(r.exitCode, exitCode, r.stdout + r.stderr);
    assert.match(JSON.parse(r.stdout).error.message, pattern);
    assert.equal(JSON.parse(r.stdout).safety_backup, undefined, "refused before the safety backup");
    assert.deepEqual(await snapshot(target.name), before_, "the target is untouched");
  }

  it("a truncated backup.sql.gz", async () => {
    const dir = await copyOf(good.dir, "truncated");
    const file = join(dir, "backup.sql.gz");
    await truncate(file, (await readFile(file)).length - 100);
    await assertRefused(dir, /backup\.sql\.gz: \d+ bytes, metadata\.json records \d+ \(truncated or changed\)/);
  });

  it("a flipped byte", async () => {
    const dir = await copyOf(good.dir, "flipped");
    const file = join(dir, "backup.sql.gz");
    const bytes = await readFile(file);
    const middle = Math.floor(bytes.length / 2);
    bytes.writeUInt8(bytes.readUInt8(middle) ^ 0x01, middle);
    await writeFile(file, bytes);
    await assertRefused(dir, /backup\.sql\.gz: sha256 differs from metadata\.json/);
  });

  it("a missing file", async () => {
    const dir = await copyOf(good.dir, "missing");
    await rm(join(dir, "roles.sql"));
    await assertRefused(dir, /roles\.sql: missing/);
  });

  it("a metadata file that lies about a checksum", async () => {
    const dir = await copyOf(good.dir, "lying-sum");
    const meta = JSON.parse(await readFile(join(dir, "metadata.json"), "utf8"));
    meta.files["backup.sql.gz"].sha256 = "0".repeat(64);
    await writeFile(join(dir, "metadata.json"), JSON.stringify(meta));
    await assertRefused(dir, /backup\.sql\.gz: sha256 differs/);
  });

  it("a metadata file that lies about the rows: caught while streaming, rolled back", async () => {
    const dir = await copyOf(good.dir, "lying-rows");
    const meta = JSON.parse(await readFile(join(dir, "metadata.json"), "utf8"));
    meta.dump.tables[0].rows += 1;
    await writeFile(join(dir, "metadata.json"), JSON.stringify(meta));
    const r = await runCli(["restore-db", dir, "--url", target.url, "--yes", "--no-safety-backup", "--no-events", "--json"], { cwd: work });
    assert.equal(r.exitCode, 1);
    assert.match(JSON.parse(r.stdout).error.message, /failed its checks while restoring, so nothing was committed: .*metadata\.json records \d+ rows, the dump holds \d+/);
    assert.deepEqual(await snapshot(target.name), before_);
  });

  it("a path like ../../etc, and ids that are not backups", async () => {
    for (const [arg, pattern] of [
      ["../../etc", /"\.\.\/\.\.\/etc" is not a db-ops backup directory: no metadata\.json/],
      ["../../../../etc/passwd", /is not a directory/],
      ["20991231_235959", /no backup "20991231_235959"/],
      ["drop table x", /"drop table x" is not a backup id/],
    ] as const) {
      const r = await runCli(["restore-db", arg, "--url", target.url, "--yes", "--backup-root", join(work, "store"), "--no-events"], { cwd: work });
      assert.equal(r.exitCode, 2, arg);
      assert.match(r.stderr, pattern);
    }
    assert.deepEqual(await snapshot(target.name), before_);
  });

  it("without a terminal and without --yes it refuses", async () => {
    const r = await runCli(["restore-db", good.dir, "--url", target.url, "--no-events"], { cwd: work });
    assert.equal(r.exitCode, 2);
    assert.match(r.stderr, /needs confirmation, and there is no terminal to ask on/);
    assert.match(r.stderr, /pass --yes/);
    assert.deepEqual(await snapshot(target.name), before_);
  });
});

describe("restore-db failures mid-restore leave the target as it was", () => {
  it("a dump whose SQL fails halfway: non-zero exit, target unchanged", async () => {
    const target = await variedDb("rs_badsql");
    const before_ = await snapshot(target.name);
    const dir = await copyOf(good.dir, "badsql");
    const sql = gunzipSync(await readFile(join(dir, "backup.sql.gz"))).toString();
    const at = sql.indexOf("CREATE VIEW");
    const broken = gzipSync(Buffer.from(`${sql.slice(0, at)}SELECT 1/0;\n${sql.slice(at)}`));
    await writeFile(join(dir, "backup.sql.gz"), broken);
    const meta = JSON.parse(await readFile(join(dir, "metadata.json"), "utf8"));
    meta.files["backup.sql.gz"] = { bytes: broken.length, sha256: createHash("sha256").update(broken).digest("hex") };
    await writeFile(join(dir, "metadata.json"), JSON.stringify(meta));
    const r = await runCli(["restore-db", dir, "--url", target.url, "--yes", "--no-safety-backup", "--no-events", "--json"], { cwd: work });
    assert.equal(r.exitCode, 1);
    assert.match(JSON.parse(r.stdout).error.message, /the restore failed and its transaction was rolled back: .*division by zero/);
    assert.deepEqual(await snapshot(target.name), before_);
  });

  it("psql killed mid-restore: the target ends as it was; a database it had created is gone", async () => {
    const big = await scratch("rs_big");
    await psqlScript(big.name, `CREATE TABLE rows_t (id bigint, a text); INSERT INTO rows_t SELECT g, repeat(md5(g::text), 4) FROM generate_series(1, 600000) g;`);
    const bigBackup = await backupOf(big, join(work, "big-store"), work);
    const target = await variedDb("rs_killed");
    const before_ = await snapshot(target.name);
    for (const url of [target.url, urlFor(`dbops_rs_never_${Date.now()}`)]) {
      const child = startCli(["restore-db", bigBackup.dir, "--url", url, "--yes", "--no-safety-backup", "--no-events", "--json"], { cwd: work });
      await waitFor(async () => ((await execa("pgrep", ["-f", "psql --dbname=.*dbops_rs_(killed|never)"], { reject: false })).stdout.trim() || undefined), 30_000, "psql");
      await new Promise((r) => setTimeout(r, 300));
      await execa("pkill", ["-KILL", "-f", "psql --dbname=.*dbops_rs_(killed|never)"]);
      const r = await child;
      assert.equal(r.exitCode, 1, String(r.stdout));
      assert.match(JSON.parse(String(r.stdout)).error.message, /the restore failed and its transaction was rolled back: psql was killed by SIGKILL/);
    }
    assert.deepEqual(await snapshot(target.name), before_);
    const left = await withClient("postgres", async (c) => (await c.query(`SELECT datname FROM pg_database WHERE datname LIKE 'dbops_rs_never_%'`)).rows);
    assert.deepEqual(left, [], "the database the restore created was dropped");
  });
});

describe("restore-db and the cluster", () => {
  it("creates a role that owns objects when the target server lacks it", async () => {
    const role = `dbops_owner_${Date.now()}`;
    const db = await scratch("rs_roles");
    await db.query(`CREATE ROLE ${role} NOLOGIN CREATEDB; CREATE TABLE owned (x int); ALTER TABLE owned OWNER TO ${role}; GRANT SELECT ON owned TO PUBLIC`);
    const backup = await backupOf(db, join(work, "roles-store"), work);
    assert.match(await readFile(join(backup.dir, "roles.sql"), "utf8"), new RegExp(`CREATE ROLE ${role} WITH NOLOGIN INHERIT CREATEDB NOCREATEROLE`));
    await db.drop();
    await withClient("postgres", (c) => c.query(`DROP ROLE ${role}`));
    const name = `dbops_rs_roles_new_${Date.now()}`;
    try {
      const r = await restore(backup.dir, urlFor(name));
      assert.equal(r.exitCode, 0, r.stderr);
      const owner = await withClient(name, async (c) => (await c.query(`SELECT tableowner FROM pg_tables WHERE tablename = 'owned'`)).rows[0]?.tableowner);
      assert.equal(owner, role);
      const attrs = await withClient("postgres", async (c) => (await c.query(`SELECT rolcanlogin, rolcreatedb, rolsuper FROM pg_roles WHERE rolname = $1`, [role])).rows[0]);
      assert.deepEqual(attrs, { rolcanlogin: false, rolcreatedb: true, rolsuper: false });
    } finally {
      await withClient("postgres", async (c) => {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.query(`DROP ROLE IF EXISTS ${role}`);
      });
    }
  });

  it("keeps every event the database held, and adds the restore's own", async () => {
    const target = await variedDb("rs_events");
    await runCli(["backup-db", "--url", target.url, "--backup-root", join(work, "ev-store"), "--json"], { cwd: work });
    const beforeRows = await eventRows(target);
    assert.equal(beforeRows.length, 6);
    const r = await runCli(["restore-db", good.dir, "--url", target.url, "--yes", "--json"], { cwd: work, env: {} });
    assert.equal(r.exitCode, 0, r.stderr);
    const runId = JSON.parse(r.stdout).run_id;
    const rows = await eventRows(target);
    for (const row of beforeRows) assert.ok(rows.some((x) => x.run_id === row.run_id && x.artifact_name === row.artifact_name && x.event_type === row.event_type), "an earlier event survived");
    const own = rows.filter((x) => x.run_id === runId).map((x) => `${x.artifact_name}/${x.event_type}`);
    assert.deepEqual(own.filter((x) => x.startsWith("restore-db")), ["restore-db/invoked", "restore-db/completed"]);
    assert.equal(rows.find((x) => x.run_id === runId && x.artifact_name === "restore-db" && x.event_type === "completed")?.success, true);
    const ids = await target.query<{ ok: boolean }>(`SELECT max(id) = (SELECT last_value FROM code_ops.artifact_events_id_seq) AS ok FROM code_ops.artifact_events`);
    assert.equal(ids[0]?.ok, true, "the id sequence continues after the kept events");
  });

  it("refuses when other sessions are connected, and --force terminates them", async () => {
    const target = await variedDb("rs_busy");
    const other = new pg.Client({ host: PG_HOST, port: PG_PORT, user: PG_USER, database: target.name, application_name: "other-app" });
    await other.connect();
    other.on("error", () => undefined);
    try {
      const refused = await restore(good.dir, target.url);
      assert.equal(refused.exitCode, 4);
      assert.match(JSON.parse(refused.stdout).error.message, /1 other session\(s\) are connected to database "dbops_rs_busy_\w+": other-app/);
      const forced = await restore(good.dir, target.url, "--force");
      assert.equal(forced.exitCode, 0, forced.stderr);
      await assertSameDatabase(source.name, target.name);
    } finally {
      await other.end().catch(() => undefined);
    }
  });

  it("asks on a terminal: no keeps the database, yes restores it", async () => {
    const target = await variedDb("rs_ask");
    await target.query("DELETE FROM app.child");
    const before_ = await snapshot(target.name);
    const command = (answer: string) => `printf '${answer}\\n' | script -qec "node ${join(process.cwd(), "bin/db-ops.js")} restore-db ${good.dir} --url ${target.url} --no-events --no-safety-backup" /dev/null`;
    const no = await execa("bash", ["-c", command("n")], { reject: false });
    assert.equal(no.exitCode, 1);
    assert.match(no.stdout, /Replace everything in database "dbops_rs_ask_\w+" .* from backup \d{8}_\d{6} .*\? \[y\/N\]/);
    assert.match(no.stdout, /restore cancelled; nothing was changed/);
    assert.deepEqual(await snapshot(target.name), before_);
    const yes = await execa("bash", ["-c", command("y")], { reject: false });
    assert.equal(yes.exitCode, 0, yes.stdout);
    await assertSameDatabase(source.name, target.name);
  });
});
