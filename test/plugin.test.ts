// The Claude Code plugin, tested with the real Claude Code CLI, offline, with a temporary HOME.
import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { execa } from "execa";
import { assertCompleteBackup } from "./helpers/backups.js";
import { claudeHome, promptText, runClaude } from "./helpers/claude.js";
import { repoRoot } from "./helpers/cli.js";
import { snapshot } from "./helpers/compare.js";
import { backupOf, variedDb } from "./helpers/fixtures.js";
import { startMessagesStandin } from "./helpers/messages-standin.js";
import type { ScratchDb } from "./helpers/pg.js";

let db: ScratchDb;
let work: string;
const dirs: string[] = [];

before(async () => {
  db = await variedDb("plugin");
  work = await mkdtemp(join(tmpdir(), "db-ops-plugin-"));
  dirs.push(work);
});
after(async () => {
  await db.drop();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function project(): Promise<string> {
  const dir = await mkdtemp(join(work, "project-"));
  return dir;
}

function slashCommands(events: any[]): string[] {
  return events.find((e) => e.type === "system" && e.subtype === "init")?.slash_commands ?? [];
}

describe("Claude Code plugin", () => {
  it("plugin.json's version follows package.json, and `claude plugin validate . --strict` passes", async () => {
    const pkg = JSON.parse(await readFile(join(repoRoot, "package.json"), "utf8"));
    const plugin = JSON.parse(await readFile(join(repoRoot, ".claude-plugin/plugin.json"), "utf8"));
    const market = JSON.parse(await readFile(join(repoRoot, ".claude-plugin/marketplace.json"), "utf8"));
    assert.equal(plugin.name, "db-ops");
    assert.equal(plugin.version, pkg.version);
    assert.equal(market.plugins[0].version, pkg.version);
    const r = await runClaude(["plugin", "validate", ".", "--strict"], { home: await claudeHome(), cwd: repoRoot });
    assert.equal(r.exitCode, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /✔ Validation passed/);
  });

  it("a headless start with --plugin-dir reports db-ops's slash commands", async () => {
    const r = await runClaude(["-p", "hello", "--plugin-dir", repoRoot, "--output-format", "stream-json", "--verbose"], { home: await claudeHome(), cwd: await project() });
    const commands = slashCommands(r.events);
    for (const name of ["db-ops:backup-db", "db-ops:restore-db", "db-ops:list-backups", "db-ops:verify-backup", "db-ops:prune-backups"]) assert.ok(commands.includes(name), `${name} in ${commands.join(", ")}`);
  });

  it("typing /db-ops:backup-db runs the runtime before Claude answers; Claude gets its summary", async () => {
    const standin = await startMessagesStandin([], { text: "Your backup is done." });
    try {
      const cwd = await project();
      const r = await runClaude(["-p", `/db-ops:backup-db --url ${db.url} --no-events`, "--plugin-dir", repoRoot, "--output-format", "stream-json", "--verbose"], { home: await claudeHome(), cwd, apiUrl: standin.url });
      assert.equal(r.exitCode, 0, r.stdout + r.stderr);
      const [id] = await readdir(join(cwd, "storage/backups"));
      assert.ok(id, "a backup directory in the project");
      await assertCompleteBackup(join(cwd, "storage/backups", id));
      const prompt = promptText(standin.messages()[0]?.body);
      assert.match(prompt, /✅ Database Backup Created Successfully/);
      assert.ok(prompt.includes(`storage/backups/${id}/`), "the summary names the directory");
      assert.match(prompt, /\/db-ops:restore-db/, "Claude is asked to offer the related commands");
      assert.equal(r.events.find((e) => e.type === "result")?.result, "Your backup is done.");
    } finally {
      await standin.close();
    }
  });

  it("installs from its own marketplace; the installed copy builds its runtime and backs up", async () => {
    const home = await claudeHome();
    dirs.push(home);
    const clone = await mkdtemp(join(work, "clone-"));
    await execa("git", ["clone", "-q", repoRoot, clone]);
    const add = await runClaude(["plugin", "marketplace", "add", clone], { home, cwd: work });
    assert.equal(add.exitCode, 0, add.stdout + add.stderr);
    const install = await runClaude(["plugin", "install", "db-ops@db-ops"], { home, cwd: work });
    assert.equal(install.exitCode, 0, install.stdout + install.stderr);
    const details = await runClaude(["plugin", "details", "db-ops"], { home, cwd: work });
    for (const name of ["backup-db", "restore-db", "list-backups", "verify-backup", "prune-backups", "database-backup-skill", "database-restore-skill", "self-reporting-skill"]) assert.ok(details.stdout.includes(name), `details list ${name}`);
    const standin = await startMessagesStandin([], { text: "Done." });
    try {
      const cwd = await project();
      const r = await runClaude(["-p", `/db-ops:backup-db --url ${db.url} --no-events`, "--output-format", "stream-json", "--verbose"], { home, cwd, apiUrl: standin.url, timeoutMs: 420_000 });
      assert.equal(r.exitCode, 0, r.stdout + r.stderr);
      const [id] = await readdir(join(cwd, "storage/backups"));
      assert.ok(id);
      await assertCompleteBackup(join(cwd, "storage/backups", id));
      assert.match(promptText(standin.messages()[0]?.body), /Database Backup Created Successfully/);
      const data = await readdir(join(home, ".claude/plugins/data"));
      assert.equal(data.length, 1, "the runtime lives in the plugin's data folder");
      assert.ok((await readdir(join(home, ".claude/plugins/data", data[0] ?? ""))).some((e) => e.startsWith("runtime-")));
    } finally {
      await standin.close();
    }
  });

  it("typing /db-ops:restore-db shows the plan and restores nothing, even if the model tries", async () => {
    const store = join(work, "restore-store");
    const backup = await backupOf(db, store, work);
    await db.query("DELETE FROM app.child");
    const before_ = await snapshot(db.name);
    const cwd = await project();
    // A model that ignores its instructions and runs the restore at once.
    const standin = await startMessagesStandin([{ toolUse: { name: "Bash", input: { command: `"${repoRoot}/bin/db-ops-plugin" restore-db ${backup.dir} --url ${db.url} --yes --no-events` } } }], { text: "Shall I restore it?" });
    try {
      const r = await runClaude(["-p", `/db-ops:restore-db ${backup.dir} --url ${db.url} --no-events`, "--plugin-dir", repoRoot, "--output-format", "stream-json", "--verbose"], { home: await claudeHome(), cwd, apiUrl: standin.url });
      const prompt = promptText(standin.messages()[0]?.body);
      assert.match(prompt, /📋 Restore plan \(nothing has been changed\)/);
      assert.ok(prompt.includes(`Backup: ${backup.id}`));
      assert.match(prompt, /ask the user plainly whether to replace/);
      const denied = r.events.find((e) => e.type === "result")?.permission_denials ?? [];
      assert.equal(denied.length, 1, "Claude Code refused the restore the model tried without the user's approval");
      assert.deepEqual(await snapshot(db.name), before_, "nothing was restored");
    } finally {
      await standin.close();
    }
  });
});
