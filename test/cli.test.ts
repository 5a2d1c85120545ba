// The real CLI: generated help and listings, usage errors, and target selection by environment
// and configuration file.
import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { execa } from "execa";
import { cliPath, cliEnv, repoRoot, runCli } from "./helpers/cli.js";
import { createScratchDb, type ScratchDb } from "./helpers/pg.js";

let work: string;
let db: ScratchDb;
before(async () => {
  work = await mkdtemp(join(tmpdir(), "db-ops-cli-"));
  db = await createScratchDb("cli");
  await db.query("CREATE TABLE t (x int); INSERT INTO t VALUES (1), (2)");
});
after(async () => {
  await db.drop();
  await rm(work, { recursive: true, force: true });
});

describe("cli", () => {
  it("--version prints the package version", async () => {
    const r = await runCli(["--version"], { cwd: work });
    assert.equal(r.stdout.trim(), JSON.parse(await readFile(join(repoRoot, "package.json"), "utf8")).version);
  });

  it("--help lists the catalog's commands with their descriptions", async () => {
    const r = await runCli(["--help"], { cwd: work });
    assert.equal(r.exitCode, 0);
    assert.match(r.stdout, /^db-ops \d+\.\d+\.\d+: /);
    assert.match(r.stdout, /\n  backup-db +Create a full, verified backup/);
    assert.match(r.stdout, /\n  restore-db +Restore the database/);
    assert.match(r.stdout, /Exit codes: 0 ok, 1 failed, 2 usage/);
  });

  it("commands --json gives each command's description, category, skills and related commands", async () => {
    const r = await runCli(["commands", "--json"], { cwd: work });
    assert.equal(r.exitCode, 0);
    const list = JSON.parse(r.stdout);
    const backup = list.find((c: { name: string }) => c.name === "backup-db");
    assert.deepEqual(backup, {
      name: "backup-db",
      description: "Create a full, verified backup of the Supabase (or any PostgreSQL) database in a timestamped directory",
      category: "database",
      skills: ["self-reporting-skill", "database-backup-skill"],
      related_commands: ["restore-db", "list-backups", "verify-backup"],
      steps: ["database-backup-skill/check-target", "database-backup-skill/dump-database", "database-backup-skill/write-scripts", "database-backup-skill/finalize-backup"],
      runnable: true,
    });
    const text = await runCli(["commands"], { cwd: work });
    assert.match(text.stdout, /^backup-db \[database\]\n  Create a full/);
    assert.match(text.stdout, /related: restore-db, list-backups, verify-backup/);
  });

  it("backup-db --help shows the command's description and every option its steps declare", async () => {
    const r = await runCli(["backup-db", "--help"], { cwd: work });
    assert.equal(r.exitCode, 0);
    assert.match(r.stdout, /^db-ops backup-db: Create a full, verified backup/);
    for (const flag of ["--url URL", "--container NAME", "--database NAME", "--user ROLE", "--json", "--backup-root DIR", "--events-url URL", "--no-events", "--no-space-check"]) assert.ok(r.stdout.includes(flag), flag);
    assert.match(r.stdout, /Related: db-ops restore-db, db-ops list-backups, db-ops verify-backup/);
  });

  it("an unknown command, option or argument is a usage error (exit 2) with a suggestion", async () => {
    const unknown = await runCli(["bakup-db"], { cwd: work });
    assert.equal(unknown.exitCode, 2);
    assert.match(unknown.stderr, /unknown command "bakup-db"; did you mean "backup-db"\?/);
    const option = await runCli(["backup-db", "--backup-rot", "x"], { cwd: work });
    assert.equal(option.exitCode, 2);
    assert.match(option.stderr, /unknown option --backup-rot; did you mean --backup-root\?/);
    const positional = await runCli(["backup-db", "extra"], { cwd: work });
    assert.equal(positional.exitCode, 2);
    assert.match(positional.stderr, /unexpected argument "extra"/);
    const missing = await runCli(["backup-db", "--url"], { cwd: work });
    assert.equal(missing.exitCode, 2);
    assert.deepEqual(await readdir(work), [], "nothing written by usage errors");
  });

  it("an invalid db-ops.yaml is refused (exit 2) before anything runs", async () => {
    const dir = await mkdtemp(join(work, "badcfg-"));
    await writeFile(join(dir, "db-ops.yaml"), "target:\n  urll: x\n");
    const r = await runCli(["backup-db", "--url", db.url], { cwd: dir });
    assert.equal(r.exitCode, 2);
    assert.match(r.stderr, /db-ops\.yaml:2: target\.urll: unknown setting/);
    assert.deepEqual(await readdir(dir), ["db-ops.yaml"]);
  });

  it("uses DATABASE_URL, then db-ops.yaml, when no flag names the target", async () => {
    const viaEnv = await runCli(["backup-db", "--backup-root", "env-store", "--no-events", "--json"], { cwd: work, env: { DATABASE_URL: db.url } });
    assert.equal(viaEnv.exitCode, 0, viaEnv.stderr);
    assert.equal(JSON.parse(viaEnv.stdout).backup.database, db.name);
    const dir = await mkdtemp(join(work, "cfg-"));
    await writeFile(join(dir, "db-ops.yaml"), `target:\n  url: ${db.url}\nbackup-root: from-config\nevents:\n  enabled: false\n`);
    const viaConfig = await runCli(["backup-db", "--json"], { cwd: dir });
    assert.equal(viaConfig.exitCode, 0, viaConfig.stderr);
    const out = JSON.parse(viaConfig.stdout);
    assert.equal(out.backup.dir, `from-config/${out.backup.id}/`);
    assert.equal(out.events, undefined, "events disabled by configuration");
  });

  it("shows progress (bytes and rate) on a terminal, and none when stderr is not one", async () => {
    const store = join(work, "pty-store");
    const command = `node ${cliPath} backup-db --url ${db.url} --backup-root ${store} --no-events`;
    const pty = await execa("script", ["-qfec", command, "/dev/null"], { env: cliEnv(), extendEnv: false, reject: false });
    assert.equal(pty.exitCode, 0, pty.stdout);
    assert.match(pty.stdout, /\rdump: [\d.]+ (B|KB|MB) \([\d.]+ (B|KB|MB)\/s, [\d.]+ s\)/);
    const plain = await runCli(["backup-db", "--url", db.url, "--backup-root", store, "--no-events"], { cwd: work });
    assert.doesNotMatch(plain.stderr, /dump:/);
  });
});
