// The catalog is the single source: a new commands/<name>.md using an existing skill appears in
// db-ops commands, the CLI, the agent's /help and Claude tools, and the Claude Code plugin,
// with no TypeScript change.
import assert from "node:assert/strict";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { execa } from "execa";
import { assertCompleteBackup } from "./helpers/backups.js";
import { claudeHome, runClaude } from "./helpers/claude.js";
import { cliEnv, cliPath, repoRoot, runCli } from "./helpers/cli.js";
import { startMessagesStandin } from "./helpers/messages-standin.js";
import { createScratchDb, type ScratchDb } from "./helpers/pg.js";

let plugin: string;
let db: ScratchDb;

const SNAPSHOT = `---
description: "Take a quick snapshot backup of the database (a test command)"
category: "database"
uses-skills: ["self-reporting-skill", "database-backup-skill"]
uses-agents: []
related-commands: ["restore-db"]
steps: ["check-target", "dump-database", "write-scripts", "finalize-backup"]
---

# Snapshot

A backup under another name, defined only in Markdown.
`;

before(async () => {
  plugin = await mkdtemp(join(tmpdir(), "db-ops-single-source-"));
  for (const part of ["commands", "skills", ".claude-plugin", "bin", "package.json", "LICENSE", "README.md"]) await cp(join(repoRoot, part), join(plugin, part), { recursive: true });
  await writeFile(join(plugin, "commands", "snapshot-db.md"), SNAPSHOT);
  db = await createScratchDb("single");
  await db.query("CREATE TABLE t (x int); INSERT INTO t VALUES (1)");
});
after(async () => {
  await db.drop();
  await rm(plugin, { recursive: true, force: true });
});

describe("the catalog as the single source", () => {
  it("appears in db-ops commands and --help, and runs from the CLI", async () => {
    const env = { DB_OPS_PLUGIN_ROOT: plugin };
    const list = JSON.parse((await runCli(["commands", "--json"], { cwd: plugin, env })).stdout);
    assert.ok(list.some((c: { name: string; runnable: boolean }) => c.name === "snapshot-db" && c.runnable));
    const help = await runCli(["snapshot-db", "--help"], { cwd: plugin, env });
    assert.match(help.stdout, /^db-ops snapshot-db: Take a quick snapshot backup/);
    assert.match(help.stdout, /--backup-root DIR/);
    const run = await runCli(["snapshot-db", "--url", db.url, "--backup-root", "snaps", "--no-events", "--json"], { cwd: plugin, env });
    assert.equal(run.exitCode, 0, run.stderr);
    await assertCompleteBackup(join(plugin, "snaps", JSON.parse(run.stdout).backup.id));
  });

  it("appears in the agent's /help and among the tools offered to Claude", async () => {
    const standin = await startMessagesStandin([{ text: "Hi." }]);
    try {
      const r = await execa("node", [cliPath, "agent"], { cwd: plugin, input: "/help\nhello\n/exit\n", env: cliEnv({ DB_OPS_PLUGIN_ROOT: plugin, ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: standin.url }), extendEnv: false });
      assert.match(String(r.stdout), /\/snapshot-db +Take a quick snapshot backup/);
      const tools = standin.messages()[0]?.body.tools.map((t: { name: string }) => t.name);
      assert.ok(tools.includes("snapshot-db"), tools.join(", "));
    } finally {
      await standin.close();
    }
  });

  it("appears among the plugin's slash commands in Claude Code", async () => {
    const r = await runClaude(["-p", "hello", "--plugin-dir", plugin, "--output-format", "stream-json", "--verbose"], { home: await claudeHome(), cwd: plugin });
    const init = r.events.find((e) => e.type === "system" && e.subtype === "init");
    assert.ok(init?.slash_commands.includes("db-ops:snapshot-db"), init?.slash_commands.join(", "));
  });

  it("the repository's own Claude Code settings allow the db-ops commands and nothing broader", async () => {
    const settings = JSON.parse(await readFile(join(repoRoot, ".claude/settings.json"), "utf8"));
    assert.ok(settings.permissions.allow.length > 0);
    for (const rule of settings.permissions.allow) assert.match(rule, /^Bash\((npx db-ops|node bin\/db-ops\.js|\.\/bin\/db-ops\.js|\.?\/?bin\/db-ops-plugin):\*\)$/, rule);
    assert.equal(settings.permissions.deny, undefined);
  });
});
