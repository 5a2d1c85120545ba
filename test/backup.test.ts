// /backup-db end to end: a varied database backed up with the real CLI, restored by hand with
// gunzip | psql (and with restore.sh), and proved identical; via a URL and via a container.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { execa } from "execa";
import { assertSameDatabase } from "./helpers/compare.js";
import { assertCompleteBackup, dockerCalls, gunzipIntoPsql, storeEntries } from "./helpers/backups.js";
import { repoRoot, runCli } from "./helpers/cli.js";
import { createScratchDb, psqlScript, urlFor, type ScratchDb } from "./helpers/pg.js";

const standinDir = join(repoRoot, "test/fixtures/docker-standin");
let source: ScratchDb;
let events: ScratchDb;
let work: string;
const cleanup: ScratchDb[] = [];

before(async () => {
  source = await createScratchDb("src with 'quote' and space");
  events = await createScratchDb("events");
  cleanup.push(source, events);
  await psqlScript(source.name, await readFile(join(repoRoot, "test/fixtures/varied.sql"), "utf8"));
  work = await mkdtemp(join(tmpdir(), "db-ops-backup-"));
});

after(async () => {
  await Promise.all(cleanup.map((db) => db.drop()));
  await rm(work, { recursive: true, force: true });
});

async function restoredCopy(dir: string): Promise<ScratchDb> {
  const copy = await createScratchDb("restored");
  cleanup.push(copy);
  await gunzipIntoPsql(dir, copy.name);
  return copy;
}

describe("backup-db", () => {
  it("backs up a varied database through a URL; gunzip | psql restores it exactly", async () => {
    const root = join(work, "url-store");
    const r = await runCli(["backup-db", "--url", source.url, "--backup-root", root, "--events-url", events.url, "--json"], { cwd: work });
    assert.equal(r.exitCode, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.ok, true);
    assert.equal(out.backup.database, source.name);
    assert.match(out.backup.id, /^\d{8}_\d{6}$/);
    assert.deepEqual(await storeEntries(root), [out.backup.id], "exactly one directory, no staging left");
    const metadata = await assertCompleteBackup(join(root, out.backup.id));
    assert.equal(metadata.database.name, source.name);
    assert.equal(metadata.target.kind, "url");
    assert.equal(metadata.tool.version, JSON.parse(await readFile(join(repoRoot, "package.json"), "utf8")).version);
    assert.match(metadata.database.serverVersion, /^\d+\.\d+/);
    assert.ok(metadata.durationMs >= 0 && Date.parse(metadata.completedAt) >= Date.parse(metadata.createdAt));
    const people = metadata.dump.tables.find((t: { schema: string; name: string }) => t.schema === "app" && t.name === "people");
    assert.equal(people.rows, 2003, "rows counted per table while streaming");
    assert.equal(metadata.dump.tables.find((t: { name: string }) => t.name === 'Weird "Table" Name').rows, 3);
    const copy = await restoredCopy(join(root, out.backup.id));
    await assertSameDatabase(source.name, copy.name);
  });

  it("prints the seed's summary on a terminal-less run", async () => {
    const root = join(work, "summary-store");
    const r = await runCli(["backup-db", "--url", source.url, "--backup-root", root, "--no-events"], { cwd: work });
    assert.equal(r.exitCode, 0, r.stderr);
    const [id] = await storeEntries(root);
    assert.match(r.stdout, /✅ Database Backup Created Successfully/);
    assert.ok(r.stdout.includes(`📦 Backup Location:\n   summary-store/${id}/\n`), r.stdout);
    for (const line of ["backup.sql.gz (database dump)", "backup.sh (backup script)", "restore.sh (restore script)", "metadata.json (backup info)", `Database: ${source.name}`, "Host: 127.0.0.1:5432", "Use /restore-db"]) {
      assert.ok(r.stdout.includes(line), `summary shows ${line}`);
    }
    assert.match(r.stdout, /Size: [\d.]+ (KB|MB) \(compressed/);
    assert.match(r.stdout, /Duration: [\d.]+ seconds/);
    assert.match(r.stdout, /🕐 Created: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);
  });

  it("runs pg_dump inside the container with docker exec (via the Docker stand-in) and restores exactly", async () => {
    const root = join(work, "container-store");
    const log = join(work, "docker.log");
    const env = {
      PATH: `${standinDir}:${process.env.PATH}`,
      DOCKER_STANDIN_CONTAINERS: "supabase_db_api-dev",
      DOCKER_STANDIN_LOG: log,
      PGPASSWORD: "not-needed-but-secret",
    };
    // No --url or --container: the Supabase container is the default target when Docker runs it.
    const r = await runCli(["backup-db", "--database", source.name, "--backup-root", root, "--events-url", events.url, "--json"], { cwd: work, env });
    assert.equal(r.exitCode, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.backup.target, { kind: "container", container: "supabase_db_api-dev" });
    const metadata = await assertCompleteBackup(join(root, out.backup.id));
    assert.equal(metadata.target.kind, "container");
    assert.equal(metadata.target.container, "supabase_db_api-dev");
    const calls = await dockerCalls(log);
    const conn = `--dbname=dbname='${source.name.replace(/'/g, "\\'")}' user='postgres'`;
    assert.deepEqual(calls[0], ["ps", "--filter", "name=^/?supabase_db_api-dev$", "--format", "{{.Names}}"]);
    assert.ok(calls.some((c) => JSON.stringify(c) === JSON.stringify(["exec", "-e", "PGPASSWORD", "supabase_db_api-dev", "pg_dump", conn, "--no-password", "--format=plain"])), JSON.stringify(calls));
    assert.ok(calls.some((c) => c[0] === "exec" && c[1] === "-i" && c.includes("psql") && c.includes(conn)), "queries run psql with -i");
    for (const call of calls) assert.ok(!call.join(" ").includes("not-needed-but-secret"), "the password is never on docker's argv");
    const copy = await restoredCopy(join(root, out.backup.id));
    await assertSameDatabase(source.name, copy.name);
  });

  it("restore.sh restores its backup with bash and psql alone", async () => {
    const root = join(work, "script-store");
    const r = await runCli(["backup-db", "--url", source.url, "--backup-root", root, "--no-events", "--json"], { cwd: work });
    assert.equal(r.exitCode, 0, r.stderr);
    const dir = join(root, JSON.parse(r.stdout).backup.id);
    const copy = await createScratchDb("restore sh");
    cleanup.push(copy);
    await execa("bash", [join(dir, "restore.sh"), "--url", urlFor(copy.name)], { env: { PATH: "/usr/bin:/bin" }, extendEnv: false });
    await assertSameDatabase(source.name, copy.name);
    const sums = await execa("sha256sum", ["-c", "SHA256SUMS"], { cwd: dir });
    assert.match(sums.stdout, /backup\.sql\.gz: OK/);
  });

  it("keeps the password off argv and out of every file", async () => {
    const role = `dbops_pw_${Date.now()}`;
    const secret = "s3cret-Pa55word";
    await source.query(`CREATE ROLE ${role} LOGIN SUPERUSER PASSWORD '${secret}'`);
    try {
      const root = join(work, "pw-store");
      const url = `postgresql://${role}:${secret}@127.0.0.1:5432/${encodeURIComponent(source.name)}`;
      const r = await runCli(["backup-db", "--url", url, "--backup-root", root, "--events-url", events.url, "--json"], { cwd: work });
      assert.equal(r.exitCode, 0, r.stderr);
      assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret));
      const id = JSON.parse(r.stdout).backup.id;
      const grep = await execa("grep", ["-r", "-l", secret, join(root, id)], { reject: false });
      assert.equal(grep.stdout, "", "no file holds the password");
      // An error about a URL with a password never repeats the password.
      const bad = await runCli(["backup-db", "--url", url.replace(":5432/", ":1/"), "--backup-root", root, "--no-events"], { cwd: work });
      assert.equal(bad.exitCode, 3);
      assert.ok(!bad.stderr.includes(secret), bad.stderr);
    } finally {
      await source.query(`DROP ROLE ${role}`);
    }
  });

  it("gives two runs in the same second distinct directories, and concurrent runs never collide", async () => {
    const root = join(work, "concurrent-store");
    const runs = await Promise.all([1, 2, 3].map(() => runCli(["backup-db", "--url", source.url, "--backup-root", root, "--no-events", "--json"], { cwd: work })));
    for (const r of runs) assert.equal(r.exitCode, 0, r.stderr);
    const ids = runs.map((r) => JSON.parse(r.stdout).backup.id as string);
    assert.equal(new Set(ids).size, 3, `distinct ids: ${ids.join(", ")}`);
    assert.deepEqual(await storeEntries(root), [...ids].sort());
    for (const id of ids) await assertCompleteBackup(join(root, id));
  });
});
