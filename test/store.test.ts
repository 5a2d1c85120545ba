// list-backups, verify-backup (and --deep), prune-backups, and what `latest` means.
import assert from "node:assert/strict";
import { cp, mkdtemp, readdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { retained } from "../src/backups/retention.js";
import { runCli } from "./helpers/cli.js";
import { backupOf, variedDb } from "./helpers/fixtures.js";
import { withClient, type ScratchDb } from "./helpers/pg.js";

let source: ScratchDb;
let work: string;
let root: string;
let first: { id: string; dir: string };
let second: { id: string; dir: string };

before(async () => {
  source = await variedDb("store_src");
  work = await mkdtemp(join(tmpdir(), "db-ops-store-"));
  root = join(work, "store");
  first = await backupOf(source, root, work);
  second = await backupOf(source, root, work);
});

after(async () => {
  await source.drop();
  await rm(work, { recursive: true, force: true });
});

/** Rewrites a backup's createdAt, as if it had been taken at `iso`. */
async function backdate(dir: string, iso: string): Promise<void> {
  const meta = JSON.parse(await readFile(join(dir, "metadata.json"), "utf8"));
  meta.createdAt = iso;
  await writeFile(join(dir, "metadata.json"), JSON.stringify(meta, null, 2));
}

describe("list-backups and latest", () => {
  it("lists newest first by metadata, never by directory time, and says whether each verifies", async () => {
    await backdate(first.dir, "2026-01-01T10:00:00.000Z");
    await backdate(second.dir, "2026-01-02T10:00:00.000Z");
    await utimes(first.dir, new Date(), new Date(Date.now() + 100_000));
    const r = await runCli(["list-backups", "--backup-root", root, "--json"], { cwd: work });
    assert.equal(r.exitCode, 0, r.stderr);
    const list = JSON.parse(r.stdout).backups;
    assert.deepEqual(list.map((b: { id: string }) => b.id), [second.id, first.id]);
    assert.equal(list[0].database, source.name);
    assert.ok(list[0].compressed_bytes > 0 && list[0].duration_ms >= 0);
    // The rewritten metadata no longer matches... the files it lists still do:
    assert.deepEqual(list.map((b: { verifies: boolean }) => b.verifies), [true, true]);
    const text = await runCli(["list-backups", "--backup-root", root], { cwd: work });
    assert.match(text.stdout, /^ID +CREATED +DATABASE +SIZE +DURATION +VERIFIES/);
    assert.match(text.stdout, /2 backup\(s\) in /);
  });

  it("`latest` is the newest complete backup by metadata", async () => {
    const r = await runCli(["verify-backup", "latest", "--backup-root", root, "--no-events", "--json"], { cwd: work });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).selected_backup.id, second.id);
  });

  it("an empty or missing store lists nothing and `latest` says what to do", async () => {
    const empty = join(work, "empty");
    const list = await runCli(["list-backups", "--backup-root", empty], { cwd: work });
    assert.equal(list.exitCode, 0);
    assert.match(list.stdout, /No backups in .*empty\. Take one with: db-ops backup-db/);
    const r = await runCli(["verify-backup", "--backup-root", empty, "--no-events"], { cwd: work });
    assert.equal(r.exitCode, 2);
    assert.match(r.stderr, /no complete backup in .*empty/);
  });
});

describe("verify-backup", () => {
  it("passes a sound backup and names every check", async () => {
    const r = await runCli(["verify-backup", first.id, "--backup-root", root, "--no-events"], { cwd: work });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`✅ Backup ${first.id} verifies`));
    for (const check of ["sizes and sha256 of every file", "complete gzip stream", "pg_dump completion trailer", "rows per table"]) assert.ok(r.stdout.includes(check), check);
  });

  it("--deep restores into a temporary database, compares row counts, and leaves nothing behind", async () => {
    const r = await runCli(["verify-backup", first.id, "--deep", "--url", source.url, "--backup-root", root, "--no-events", "--json"], { cwd: work });
    assert.equal(r.exitCode, 0, r.stderr);
    const deep = JSON.parse(r.stdout).deep_verification;
    assert.equal(deep.ok, true);
    assert.equal(deep.tables, 4);
    assert.equal(deep.rows, 2003 + 3 + 0 + 2);
    const left = await withClient("postgres", async (c) => (await c.query(`SELECT datname FROM pg_database WHERE datname LIKE 'dbops_verify_%'`)).rows);
    assert.deepEqual(left, []);
  });

  it("fails (exit 1) on a damaged backup, naming the problem", async () => {
    const copy = join(work, "damaged");
    await cp(first.dir, copy, { recursive: true });
    const gz = await readFile(join(copy, "backup.sql.gz"));
    await writeFile(join(copy, "backup.sql.gz"), gz.subarray(0, gz.length - 20));
    const r = await runCli(["verify-backup", copy, "--no-events", "--json"], { cwd: work });
    assert.equal(r.exitCode, 1);
    assert.match(JSON.parse(r.stdout).error.message, /backup\.sql\.gz: \d+ bytes, metadata\.json records \d+/);
  });
});

describe("prune-backups", () => {
  it("retention keeps the newest N, the newest of each day and week", () => {
    const at = (id: string, iso: string) => ({ id, createdAt: new Date(iso) });
    const backups = [at("a", "2026-11-25T10:00:00"), at("b", "2026-11-25T09:00:00"), at("c", "2026-11-24T12:00:00"), at("d", "2026-11-20T12:00:00"), at("e", "2026-11-10T12:00:00")];
    assert.deepEqual([...retained(backups, { keepLast: 2 }).keys()], ["a", "b"]);
    assert.deepEqual([...retained(backups, { keepDaily: 3 }).keys()], ["a", "c", "d"]);
    assert.deepEqual([...retained(backups, { keepWeekly: 2 }).keys()], ["a", "d"]);
    assert.deepEqual(retained(backups, { keepLast: 1, keepWeekly: 3 }).get("a"), ["last 1", "weekly 2026-W48"]);
  });

  it("shows what it would delete, deletes only with --apply, and never the last backup that verifies", async () => {
    const store = join(work, "prune");
    await cp(root, store, { recursive: true });
    const [older, newer] = [join(store, first.id), join(store, second.id)];
    // Damage the newer one: the policy keeps only it, so the older one that verifies must stay too.
    await writeFile(join(newer, "backup.sql.gz"), "damaged");
    await cp(older, join(store, "20200101_000000"), { recursive: true });
    await backdate(join(store, "20200101_000000"), "2020-01-01T00:00:00.000Z");
    await writeFile(join(store, "20200101_000000", "metadata.json.tmp"), "x");
    await cp(older, join(store, ".staging-1-inprogress"), { recursive: true });
    const dry = await runCli(["prune-backups", "--keep-last", "1", "--backup-root", store, "--no-events", "--json"], { cwd: work });
    assert.equal(dry.exitCode, 0, dry.stderr);
    const decisions = JSON.parse(dry.stdout).prune.decisions;
    assert.deepEqual(decisions.map((d: { id: string; action: string }) => [d.id, d.action]), [[second.id, "keep"], [first.id, "keep"], ["20200101_000000", "delete"]]);
    assert.deepEqual(decisions[1].reasons, ["the newest backup that verifies"]);
    assert.equal((await readdir(store)).length, 4, "a dry run deletes nothing");
    const text = await runCli(["prune-backups", "--keep-last", "1", "--backup-root", store, "--no-events"], { cwd: work });
    assert.match(text.stdout, /Dry run: 1 backup\(s\) would be deleted\. Run again with --apply/);
    const applied = await runCli(["prune-backups", "--keep-last", "1", "--backup-root", store, "--no-events", "--apply"], { cwd: work });
    assert.equal(applied.exitCode, 0, applied.stderr);
    assert.deepEqual((await readdir(store)).sort(), [".staging-1-inprogress", first.id, second.id].sort(), "the staging directory of a backup in progress is never touched");
  });

  it("refuses to guess a policy", async () => {
    const r = await runCli(["prune-backups", "--backup-root", root, "--no-events"], { cwd: work });
    assert.equal(r.exitCode, 2);
    assert.match(r.stderr, /say what to keep: --keep-last N, --keep-daily N and\/or --keep-weekly N/);
    const bad = await runCli(["prune-backups", "--keep-last", "two", "--backup-root", root, "--no-events"], { cwd: work });
    assert.equal(bad.exitCode, 2);
    assert.match(bad.stderr, /--keep-last takes a whole number, found "two"/);
  });
});
