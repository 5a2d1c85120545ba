// Self-reporting: the exact rows of a successful and a failed run, the container path, and the
// spool that keeps events when the events database is unreachable.
import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { repoRoot, runCli } from "./helpers/cli.js";
import { eventRows, type EventRowRead } from "./helpers/events.js";
import { createScratchDb, type ScratchDb } from "./helpers/pg.js";

const version = JSON.parse(await readFile(join(repoRoot, "package.json"), "utf8")).version as string;
const standinDir = join(repoRoot, "test/fixtures/docker-standin");
let source: ScratchDb;
let work: string;
const dbs: ScratchDb[] = [];

before(async () => {
  source = await createScratchDb("ev_src");
  dbs.push(source);
  await source.query(`CREATE TABLE notes (id int PRIMARY KEY, body text); INSERT INTO notes VALUES (1, 'it''s; DROP TABLE notes; --')`);
  work = await mkdtemp(join(tmpdir(), "db-ops-events-"));
});

after(async () => {
  await Promise.all(dbs.map((db) => db.drop()));
  await rm(work, { recursive: true, force: true });
});

async function freshEventsDb(): Promise<ScratchDb> {
  const db = await createScratchDb("ev");
  dbs.push(db);
  return db;
}

/** Rows without the parts that vary (timings), to compare exactly. */
function shape(rows: EventRowRead[]) {
  return rows.map((r) => ({ type: r.artifact_type, name: r.artifact_name, version: r.artifact_version, event: r.event_type, success: r.success }));
}

const invoked = [
  { type: "command", name: "backup-db", version, event: "invoked", success: null },
  { type: "skill", name: "self-reporting-skill", version, event: "invoked", success: null },
  { type: "skill", name: "database-backup-skill", version, event: "invoked", success: null },
];

describe("self-reporting", () => {
  it("records exactly invoked and completed rows for a successful run", async () => {
    const events = await freshEventsDb();
    const r = await runCli(["backup-db", "--url", source.url, "--backup-root", join(work, "ok"), "--events-url", events.url, "--json"], { cwd: work });
    assert.equal(r.exitCode, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    const rows = await eventRows(events);
    assert.ok(rows.every((row) => row.run_id === out.run_id), "one run_id for the run");
    assert.deepEqual(shape(rows), [
      ...invoked,
      { type: "skill", name: "self-reporting-skill", version, event: "completed", success: true },
      { type: "skill", name: "database-backup-skill", version, event: "completed", success: true },
      { type: "command", name: "backup-db", version, event: "completed", success: true },
    ]);
    for (const row of rows.slice(0, 3)) assert.deepEqual(row.details, { triggered_by: "cli" });
    assert.deepEqual(rows[4]?.details.steps.map((s: { step: string; ok: boolean }) => [s.step, s.ok]), [["check-target", true], ["dump-database", true], ["write-scripts", true], ["finalize-backup", true]]);
    const done = rows[5]?.details ?? {};
    assert.equal(done.backup_dir, out.backup.dir);
    assert.equal(done.backup_id, out.backup.id);
    assert.equal(done.backup_compressed_bytes, out.backup.compressed_bytes);
    assert.equal(done.backup_database, source.name);
    assert.equal(typeof done.duration_ms, "number");
    assert.deepEqual(out.events, { delivered: 6, spooled: 0 });
  });

  it("records the error and the failing step for a failed run", async () => {
    const events = await freshEventsDb();
    const r = await runCli(["backup-db", "--url", "postgresql://postgres@127.0.0.1:1/gone", "--backup-root", join(work, "fail"), "--events-url", events.url], { cwd: work });
    assert.equal(r.exitCode, 3);
    const rows = await eventRows(events);
    assert.deepEqual(shape(rows), [
      ...invoked,
      { type: "skill", name: "self-reporting-skill", version, event: "completed", success: true },
      { type: "skill", name: "database-backup-skill", version, event: "completed", success: false },
      { type: "command", name: "backup-db", version, event: "completed", success: false },
    ]);
    assert.equal(rows[4]?.details.failed_step, "check-target");
    assert.deepEqual(Object.keys(rows[5]?.details ?? {}).sort(), ["duration_ms", "error", "failed_step"]);
    assert.equal(rows[5]?.details.failed_step, "check-target");
    assert.match(rows[5]?.details.error, /^cannot reach 127\.0\.0\.1:1, database gone/);
  });

  it("writes events through psql inside the container (parameters as psql variables) when the target is a container", async () => {
    const target = await freshEventsDb();
    await target.query(`CREATE TABLE t (x text); INSERT INTO t VALUES ('a''b')`);
    const env = { PATH: `${standinDir}:${process.env.PATH}`, DOCKER_STANDIN_CONTAINERS: "my_db" };
    const r = await runCli(["backup-db", "--container", "my_db", "--database", target.name, "--backup-root", join(work, "container"), "--json"], { cwd: work, env });
    assert.equal(r.exitCode, 0, r.stderr);
    const rows = await eventRows(target);
    assert.equal(rows.length, 6);
    assert.equal(rows[5]?.details.backup_dir, JSON.parse(r.stdout).backup.dir);
  });

  it("spools events when the events database is unreachable, and delivers them on the next run", async () => {
    const events = await freshEventsDb();
    const first = await runCli(["backup-db", "--url", source.url, "--backup-root", join(work, "spool"), "--events-url", "postgresql://postgres@127.0.0.1:1/events", "--json"], { cwd: work });
    assert.equal(first.exitCode, 0, "the backup itself succeeds");
    const firstOut = JSON.parse(first.stdout);
    assert.deepEqual(firstOut.events, { delivered: 0, spooled: 6 });
    assert.match(firstOut.warnings[0], /events could not be recorded in 127\.0\.0\.1:1, database events .*kept in .*\.db-ops\/spool/);
    const spooled = await readdir(join(work, ".db-ops", "spool"));
    assert.equal(spooled.length, 2, "one file for invoked, one for completed");
    const second = await runCli(["backup-db", "--url", source.url, "--backup-root", join(work, "spool"), "--events-url", events.url, "--json"], { cwd: work });
    assert.equal(second.exitCode, 0, second.stderr);
    const rows = await eventRows(events);
    assert.equal(rows.length, 12);
    assert.deepEqual(rows.slice(0, 6).map((r) => r.run_id), Array(6).fill(firstOut.run_id), "the spooled run's events come first");
    assert.deepEqual(rows.slice(6).map((r) => r.run_id), Array(6).fill(JSON.parse(second.stdout).run_id));
    assert.deepEqual(await readdir(join(work, ".db-ops", "spool")), [], "the spool is empty after delivery");
  });
});
