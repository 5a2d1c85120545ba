// db-ops agent, driven through its stdin as a child process (and under a pseudo-terminal where
// completion needs one), with the Messages API stand-in in place of Claude.
import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { execa } from "execa";
import { assertCompleteBackup } from "./helpers/backups.js";
import { cliEnv, cliPath, repoRoot } from "./helpers/cli.js";
import { snapshot } from "./helpers/compare.js";
import { backupOf, variedDb } from "./helpers/fixtures.js";
import { startMessagesStandin, type Reply } from "./helpers/messages-standin.js";
import type { ScratchDb } from "./helpers/pg.js";

let db: ScratchDb;
let work: string;
before(async () => {
  db = await variedDb("agent");
  work = await mkdtemp(join(tmpdir(), "db-ops-agent-"));
});
after(async () => {
  await db.drop();
  await rm(work, { recursive: true, force: true });
});

/** Runs `db-ops agent` with `lines` on its stdin. */
async function agent(lines: string[], env: Record<string, string | undefined> = {}, args = ["agent"]) {
  const r = await execa("node", [cliPath, ...args], { cwd: work, input: `${lines.join("\n")}\n`, env: cliEnv({ ANTHROPIC_API_KEY: undefined, ...env }), extendEnv: false, reject: false, timeout: 120_000 });
  return { exitCode: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
}

async function withStandin<T>(replies: Reply[], fn: (url: string, standin: Awaited<ReturnType<typeof startMessagesStandin>>) => Promise<T>): Promise<T> {
  const standin = await startMessagesStandin(replies, { text: "(no more scripted replies)" });
  try {
    return await fn(standin.url, standin);
  } finally {
    await standin.close();
  }
}

describe("db-ops agent: local commands", () => {
  it("/help lists every command with its related commands; unknown ones get the nearest", async () => {
    const r = await agent(["/help", "/bakup-db", "/exit"]);
    assert.equal(r.exitCode, 0);
    for (const name of ["backup-db", "restore-db", "list-backups", "verify-backup", "prune-backups"]) assert.match(r.stdout, new RegExp(`/${name} +\\S`));
    assert.match(r.stdout, /related: \/restore-db, \/list-backups, \/verify-backup/);
    assert.match(r.stdout, /Unknown command \/bakup-db\. Did you mean \/backup-db\?/);
  });

  it("/backup-db makes a real backup, then shows the related commands", async () => {
    const root = join(work, "agent-store");
    const r = await agent([`/backup-db --url "${db.url}" --backup-root ${root} --no-events`, "/exit"]);
    assert.match(r.stdout, /✅ Database Backup Created Successfully/);
    assert.match(r.stdout, /Related: \/restore-db, \/list-backups, \/verify-backup/);
    const [id] = await readdir(root);
    await assertCompleteBackup(join(root, id ?? ""));
  });

  it("/restore-db asks first, and a no changes nothing", async () => {
    const backup = await backupOf(db, join(work, "ask-store"), work);
    await db.query("DELETE FROM app.child");
    const before_ = await snapshot(db.name);
    const r = await agent([`/restore-db ${backup.dir} --url ${db.url} --no-events --no-safety-backup`, "n", "/exit"]);
    assert.match(r.stdout, /Replace everything in database "dbops_agent_\w+" .*\? \[y\/N\]/);
    assert.match(r.stdout, /restore cancelled; nothing was changed/);
    assert.deepEqual(await snapshot(db.name), before_);
  });

  it("without an API key, free text gets one clear line and the slash commands keep working; the SDK is never loaded", async () => {
    const log = join(work, "imports.log");
    const hook = join(repoRoot, "test/fixtures/log-sdk-import.mjs");
    const r = await agent(["back up my database please", "/commands", "/exit"], { NODE_OPTIONS: `--import=${hook}`, DB_OPS_IMPORT_LOG: log });
    assert.match(r.stdout, /Free text goes to Claude, which needs ANTHROPIC_API_KEY \(not set\)/);
    assert.match(r.stdout, /backup-db \[database\]/);
    assert.equal(await readFile(log, "utf8").catch(() => ""), "", "@anthropic-ai/sdk was not imported");
  });

  it("completes command names with Tab, and bare db-ops on a terminal is the agent", async () => {
    // Typed as a person would: each key only once the prompt is up, so the terminal is in raw mode.
    const child = execa("script", ["-qfec", `node ${cliPath}`, "/dev/null"], { env: cliEnv({ ANTHROPIC_API_KEY: undefined }), extendEnv: false, reject: false, timeout: 60_000, stdin: "pipe" });
    let seen = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
    });
    /** Waits for `pattern` in what the terminal shows after `from` (keys sent together count as a paste). */
    const waitFor = async (pattern: RegExp, from = 0) => {
      for (let i = 0; i < 500 && !pattern.test(seen.slice(from)); i++) await new Promise((r) => setTimeout(r, 20));
      assert.match(seen.slice(from), pattern);
    };
    await waitFor(/db-ops> /);
    let mark = seen.length;
    child.stdin?.write("/hel\t");
    await waitFor(/\/help/, mark);
    mark = seen.length;
    child.stdin?.write("\r");
    await waitFor(/Commands \(they run here; no API key or network needed\)/, mark);
    child.stdin?.write("/exit\r");
    const r = await child;
    assert.equal(r.exitCode, 0);
    assert.match(seen, /db-ops agent \d/);
  });
});

describe("db-ops agent: Claude", () => {
  it("runs the backup tool Claude asks for, returns the result, and shows Claude's answer", async () => {
    const root = join(work, "claude-store");
    const log = join(work, "imports-claude.log");
    await withStandin([{ toolUse: { name: "backup-db", input: { url: db.url, "backup-root": root, "no-events": true } } }, { text: "Your database is backed up." }], async (url, standin) => {
      const r = await agent(["please back up my database", "/exit"], { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: url, NODE_OPTIONS: `--import=${join(repoRoot, "test/fixtures/log-sdk-import.mjs")}`, DB_OPS_IMPORT_LOG: log });
      assert.match(r.stdout, /▶ \/backup-db --url postgresql:\/\/\S+ --backup-root \S+ --no-events/);
      assert.match(r.stdout, /Your database is backed up\./);
      const requests = standin.messages();
      assert.equal(requests.length, 2);
      const tools = requests[0]?.body.tools.map((t: { name: string }) => t.name);
      assert.deepEqual(tools, ["backup-db", "list-backups", "prune-backups", "restore-db", "verify-backup"]);
      assert.ok(requests[0]?.body.tools.find((t: any) => t.name === "backup-db").input_schema.properties["backup-root"]);
      const result = requests[1]?.body.messages.at(-1).content[0];
      assert.equal(result.type, "tool_result");
      const payload = JSON.parse(result.content);
      assert.equal(payload.ok, true);
      await assertCompleteBackup(payload.backup.path);
      assert.match(await readFile(log, "utf8"), /@anthropic-ai\/sdk/, "the SDK was loaded for free text");
    });
  });

  it("asks before a destructive tool, and a no reaches Claude as a declined tool result", async () => {
    const backup = await backupOf(db, join(work, "claude-restore-store"), work);
    await db.query("DELETE FROM app.child");
    const before_ = await snapshot(db.name);
    await withStandin([{ toolUse: { name: "restore-db", input: { backup: backup.dir, url: db.url, "no-events": true } } }, { text: "Understood, nothing restored." }], async (url, standin) => {
      const r = await agent(["restore my database", "n", "/exit"], { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: url });
      assert.match(r.stdout, /Claude wants to run \/restore-db .*which can replace or delete data\. Allow it\? \[y\/N\]/);
      assert.match(r.stdout, /Understood, nothing restored\./);
      const result = standin.messages()[1]?.body.messages.at(-1).content[0];
      assert.deepEqual([result.is_error, result.content], [true, "The user declined; nothing was run."]);
      assert.deepEqual(await snapshot(db.name), before_);
    });
  });

  it("HTTP errors and malformed replies give a clear message, and the agent goes on", async () => {
    // The SDK retries a 500 once; both attempts fail here.
    await withStandin([{ httpError: 500 }, { httpError: 500 }, { malformed: "{not json" }, { malformed: JSON.stringify({ type: "message", hello: 1 }) }, { text: "Back to normal." }], async (url) => {
      const r = await agent(["first", "second", "third", "fourth", "/commands", "/exit"], { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: url });
      assert.equal(r.exitCode, 0);
      assert.match(r.stdout, /⚠️ {2}Claude API error \(HTTP 500\)/);
      assert.match(r.stdout, /⚠️ {2}Claude's reply could not be used: /);
      assert.match(r.stdout, /⚠️ {2}Claude's reply could not be used: the reply has no content list/);
      assert.match(r.stdout, /Back to normal\./);
      assert.match(r.stdout, /backup-db \[database\]/);
    });
  });
});
