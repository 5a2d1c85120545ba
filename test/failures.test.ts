// Failures leave nothing that looks like a backup, exit non-zero with a clear message, and are
// recorded as failed events.
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { execa } from "execa";
import { storeEntries } from "./helpers/backups.js";
import { repoRoot, runCli, startCli } from "./helpers/cli.js";
import { eventRows } from "./helpers/events.js";
import { createScratchDb, psqlScript, type ScratchDb } from "./helpers/pg.js";
import { waitForDumpBytes } from "./helpers/wait.js";

let big: ScratchDb;
let events: ScratchDb;
let work: string;

before(async () => {
  big = await createScratchDb("big");
  events = await createScratchDb("events");
  // About 130 MB of plain SQL: long enough to interrupt while it streams.
  await psqlScript(big.name, `CREATE TABLE rows_t (id bigint, a text, b text); INSERT INTO rows_t SELECT g, md5(g::text) || md5((g+1)::text), repeat(md5((g*7)::text), 2) FROM generate_series(1, 800000) g;`);
  work = await mkdtemp(join(tmpdir(), "db-ops-fail-"));
});

after(async () => {
  await Promise.all([big.drop(), events.drop()]);
  await rm(work, { recursive: true, force: true });
});

async function failedCommandEvent(runId?: string) {
  const rows = await eventRows(events, runId);
  return rows.filter((r) => r.artifact_type === "command" && r.event_type === "completed").at(-1);
}

describe("backup-db failures", () => {
  it("an unreachable server: exit 3, a clear message, no backup directory, a failed event", async () => {
    const root = join(work, "unreachable");
    const r = await runCli(["backup-db", "--url", "postgresql://postgres@127.0.0.1:1/nothing", "--backup-root", root, "--events-url", events.url, "--json"], { cwd: work });
    assert.equal(r.exitCode, 3);
    const out = JSON.parse(r.stdout);
    assert.equal(out.ok, false);
    assert.match(out.error.message, /cannot reach 127\.0\.0\.1:1, database nothing/);
    assert.match(out.error.hint, /is the server running/);
    assert.equal(out.error.step, "check-target");
    assert.deepEqual(await storeEntries(root), []);
    const event = await failedCommandEvent(out.run_id);
    assert.equal(event?.success, false);
    assert.equal(event?.details.failed_step, "check-target");
    assert.match(event?.details.error, /cannot reach/);
  });

  it("a database name with quotes and spaces that does not exist: exit 3, nothing written", async () => {
    const root = join(work, "nodb");
    const r = await runCli(["backup-db", "--url", big.url, "--database", `no "such" db's here`, "--backup-root", root, "--no-events"], { cwd: work });
    assert.equal(r.exitCode, 3, r.stderr);
    assert.match(r.stderr, /database "no "such" db's here" does not exist/);
    assert.match(r.stderr, /check the database name/);
    assert.deepEqual(await storeEntries(root), []);
  });

  it("pg_dump killed mid-stream: exit 1, no backup directory, no staging left, a failed event", async () => {
    const root = join(work, "killed");
    const child = startCli(["backup-db", "--url", big.url, "--backup-root", root, "--events-url", events.url, "--json"], { cwd: work });
    await waitForDumpBytes(root, 256 * 1024);
    await execa("pkill", ["-KILL", "-f", `pg_dump --dbname=.*${big.name}`]);
    const r = await child;
    assert.equal(r.exitCode, 1, String(r.stderr));
    const out = JSON.parse(String(r.stdout));
    assert.equal(out.error.step, "dump-database");
    assert.match(out.error.message, /pg_dump was killed by SIGKILL/);
    assert.deepEqual(await storeEntries(root), [], "no directory, staging removed");
    const event = await failedCommandEvent(out.run_id);
    assert.equal(event?.success, false);
    assert.equal(event?.details.failed_step, "dump-database");
  });

  it("Ctrl-C mid-dump: exit 130, pg_dump stopped, nothing left, a failed event", async () => {
    const root = join(work, "interrupted");
    const child = startCli(["backup-db", "--url", big.url, "--backup-root", root, "--events-url", events.url, "--json"], { cwd: work });
    await waitForDumpBytes(root, 256 * 1024);
    child.kill("SIGINT");
    const r = await child;
    assert.equal(r.exitCode, 130, String(r.stderr));
    const out = JSON.parse(String(r.stdout));
    assert.equal(out.error.message, "interrupted");
    assert.deepEqual(await storeEntries(root), []);
    const stray = await execa("pgrep", ["-f", `pg_dump --dbname=.*${big.name}`], { reject: false });
    assert.equal(stray.stdout, "", "no pg_dump left running");
    const event = await failedCommandEvent(out.run_id);
    assert.equal(event?.success, false);
    assert.equal(event?.details.error, "interrupted");
  });

  it("a full disk: exit 1 naming the cause, and the store is left empty", async (t) => {
    const mount = join(work, "tiny");
    await mkdir(mount);
    const mounted = await execa("mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", mount], { reject: false });
    if (mounted.exitCode !== 0) return t.skip(`cannot mount a tmpfs here: ${mounted.stderr}`);
    try {
      const refused = await runCli(["backup-db", "--url", big.url, "--backup-root", mount, "--no-events"], { cwd: work });
      assert.equal(refused.exitCode, 4, "the pre-flight estimate refuses first");
      assert.match(refused.stderr, /not enough free space in .*tiny: about [\d.]+ MB needed for a [\d.]+ MB database, [\d.]+ MB free/);
      assert.deepEqual(await readdir(mount), []);
      const r = await runCli(["backup-db", "--url", big.url, "--backup-root", mount, "--no-space-check", "--events-url", events.url, "--json"], { cwd: work });
      assert.equal(r.exitCode, 1);
      const out = JSON.parse(r.stdout);
      assert.equal(out.error.message, "the disk is full: the backup could not be written");
      assert.deepEqual(await readdir(mount), [], "the partial dump was removed");
      assert.equal((await failedCommandEvent(out.run_id))?.details.failed_step, "dump-database");
    } finally {
      await execa("umount", [mount], { reject: false });
    }
  });

  it("a local pg_dump older than the server: exit 4 with what to install", async () => {
    const root = join(work, "old-client");
    const r = await runCli(["backup-db", "--url", big.url, "--backup-root", root, "--no-events"], { cwd: work, env: { PATH: `${join(repoRoot, "test/fixtures/old-pg-dump")}:${process.env.PATH}` } });
    assert.equal(r.exitCode, 4);
    assert.match(r.stderr, /pg_dump 9\.6 is older than the server \(15\./);
    assert.match(r.stderr, /apt-get install postgresql-client-15.*or use --container/);
    assert.deepEqual(await storeEntries(root), []);
  });

  it("a run killed outright leaves only hidden staging, which the next run removes", async () => {
    const root = join(work, "abandoned");
    const child = startCli(["backup-db", "--url", big.url, "--backup-root", root, "--no-events"], { cwd: work });
    await waitForDumpBytes(root, 256 * 1024);
    child.kill("SIGKILL");
    await child;
    await execa("pkill", ["-KILL", "-f", `pg_dump --dbname=.*${big.name}`], { reject: false });
    const left = await storeEntries(root);
    assert.equal(left.length, 1);
    assert.match(left[0] ?? "", /^\.staging-\d+-/, "only a hidden staging directory, never a backup-looking one");
    const small = await createScratchDb("small");
    try {
      await small.query("CREATE TABLE t (x int)");
      const r = await runCli(["backup-db", "--url", small.url, "--backup-root", root, "--no-events", "--json"], { cwd: work });
      assert.equal(r.exitCode, 0, r.stderr);
      assert.deepEqual(await storeEntries(root), [JSON.parse(r.stdout).backup.id]);
    } finally {
      await small.drop();
    }
  });
});
