// Small pieces with many cases: target resolution order, configuration, the dump inspector,
// redaction, conninfo quoting.
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { after, describe, it } from "node:test";
import { DumpInspector } from "../src/backups/dump-inspector.js";
import { loadConfig } from "../src/config/config.js";
import { DefinitionError, UsageError } from "../src/errors.js";
import { redact } from "../src/redact.js";
import { resolveTarget, type ResolveTargetInput } from "../src/postgres/resolve-target.js";
import { clientInvocation, conninfo } from "../src/postgres/target.js";

const dirs: string[] = [];
after(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), "db-ops-unit-"));
  dirs.push(d);
  return d;
}

const noConfig = { file: undefined, target: {}, events: { enabled: true } };
const input = (over: Partial<ResolveTargetInput>): ResolveTargetInput => ({ flags: {}, config: noConfig, env: {}, projectDir: "/nonexistent", isContainerRunning: async () => false, ...over });

describe("target resolution", () => {
  it("follows the order: flags, DATABASE_URL, db-ops.yaml, Supabase container, libpq defaults", async () => {
    const config = { ...noConfig, file: "db-ops.yaml", target: { url: "postgresql://cfg@h3/c" } };
    const env = { DATABASE_URL: "postgresql://env@h2/e" };
    const running = async () => true;
    assert.equal((await resolveTarget(input({ flags: { url: "postgresql://flag@h1/f" }, env, config, isContainerRunning: running }))).source, "flag");
    assert.equal((await resolveTarget(input({ env, config, isContainerRunning: running }))).source, "DATABASE_URL");
    assert.equal((await resolveTarget(input({ config, isContainerRunning: running }))).source, "db-ops.yaml");
    const supa = await resolveTarget(input({ isContainerRunning: running }));
    assert.deepEqual([supa.kind, supa.source, supa.kind === "container" && supa.container, supa.database, supa.user], ["container", "supabase default", "supabase_db_api-dev", "postgres", "postgres"]);
    const libpq = await resolveTarget(input({ env: { PGDATABASE: "mydb" } }));
    assert.deepEqual([libpq.kind, libpq.database], ["libpq", "mydb"]);
  });

  it("names the default container after supabase/config.toml's project_id", async () => {
    const dir = await tempDir();
    await mkdir(join(dir, "supabase"));
    await writeFile(join(dir, "supabase", "config.toml"), `# comment\nproject_id = "shop"\n[db]\nport = 54322\n`);
    const asked: string[] = [];
    const t = await resolveTarget(input({ projectDir: dir, isContainerRunning: async (n) => (asked.push(n), true) }));
    assert.deepEqual(asked, ["supabase_db_shop"]);
    assert.equal(t.kind === "container" && t.container, "supabase_db_shop");
  });

  it("parses URLs (percent-encoding, IPv6, sslmode) and applies --database/--user overrides", async () => {
    const t = await resolveTarget(input({ flags: { url: "postgres://us%40er:p%3Ass@[::1]:6543/my%20db?sslmode=require", user: "other" } }));
    assert.equal(t.kind, "url");
    if (t.kind !== "url") return;
    assert.deepEqual([t.host, t.port, t.database, t.user, t.password, t.params], ["::1", 6543, "my db", "other", "p:ss", { sslmode: "require" }]);
  });

  it("refuses contradictory or malformed targets without echoing a password", async () => {
    await assert.rejects(resolveTarget(input({ flags: { url: "postgresql://a@b/c", container: "x" } })), (e) => e instanceof UsageError && /cannot be used together/.test(e.message));
    await assert.rejects(resolveTarget(input({ flags: { url: "mysql://root:hunter22@h/db" } })), (e) => e instanceof UsageError && /unsupported URL scheme "mysql:"/.test(e.message) && !e.message.includes("hunter22"));
    await assert.rejects(resolveTarget(input({ flags: { url: "not a url with pass:hunter22@" } })), (e) => e instanceof UsageError && !e.message.includes("hunter22"));
  });
});

describe("client invocation", () => {
  it("quotes conninfo values so that names with quotes, spaces and backslashes stay one value", () => {
    assert.equal(conninfo({ kind: "container", source: "flag", container: "c", database: `it's a "db"\\x`, user: "postgres", password: undefined }), `dbname='it\\'s a "db"\\\\x' user='postgres'`);
  });

  it("keeps the password in PGPASSWORD, never in argv", () => {
    const url = clientInvocation({ kind: "url", source: "flag", host: "h", port: 5432, database: "d", user: "u", password: "pw123", params: {} }, "pg_dump", ["--format=plain"]);
    assert.equal(url.env.PGPASSWORD, "pw123");
    assert.ok(!url.args.join(" ").includes("pw123"));
    const container = clientInvocation({ kind: "container", source: "flag", container: "c", database: "d", user: "u", password: "pw123" }, "psql", ["-f", "-"], { stdin: true });
    assert.deepEqual(container.args.slice(0, 5), ["exec", "-i", "-e", "PGPASSWORD", "c"]);
    assert.ok(!container.args.join(" ").includes("pw123"));
  });
});

describe("configuration", () => {
  it("reads db-ops.yaml and reports every bad key with its line", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "db-ops.yaml"), `target:\n  container: my_db\n  databse: x\nbackup-root: 7\nevents:\n  enabled: "yes"\nextra: 1\n`);
    await assert.rejects(loadConfig(dir), (e) => {
      assert.ok(e instanceof DefinitionError);
      assert.deepEqual(e.problems, [
        `${join(dir, "db-ops.yaml")}:3: target.databse: unknown setting (expected one of: url, container, database, user)`,
        `${join(dir, "db-ops.yaml")}:4: backup-root: expected a non-empty string, found 7`,
        `${join(dir, "db-ops.yaml")}:6: events.enabled: expected true or false, found "yes"`,
        `${join(dir, "db-ops.yaml")}:7: extra: unknown setting (expected one of: target, backup-root, events)`,
      ]);
      return true;
    });
    await writeFile(join(dir, "db-ops.yaml"), `target:\n  container: my_db\n  database: app\nbackup-root: /var/backups/db\nevents:\n  enabled: false\n`);
    const config = await loadConfig(dir);
    assert.deepEqual([config.target, config.backupRoot, config.events.enabled], [{ container: "my_db", database: "app" }, "/var/backups/db", false]);
  });
});

describe("dump inspector", () => {
  const dump = [
    "--\n-- PostgreSQL database dump\n--\n\n\\restrict abc123\n\nSET x = 1;\n",
    'COPY public."we""ird.tab le" (a, "b c") FROM stdin;\n',
    "1\tx\n2\t\\\\.\n\\N\tlast\n\\.\n\n",
    "COPY app.empty (id) FROM stdin;\n\\.\n",
    "COPY app.people (id, bio) FROM stdin;\n",
    ...Array.from({ length: 1000 }, (_, i) => `${i}\tline with COPY inside and \\. escaped\n`),
    "\\.\n\n--\n-- PostgreSQL database dump complete\n--\n\n\\unrestrict abc123\n\n",
  ].join("");

  async function inspect(text: string, chunkSize: number) {
    const inspector = new DumpInspector();
    const bytes = Buffer.from(text);
    const chunks = Array.from({ length: Math.ceil(bytes.length / chunkSize) }, (_, i) => bytes.subarray(i * chunkSize, (i + 1) * chunkSize));
    await pipeline(Readable.from(chunks), inspector, async function* (source) {
      for await (const _ of source);
    });
    return inspector.facts();
  }

  it("counts rows per table and sees the trailer, whatever the chunk boundaries", async () => {
    for (const size of [1, 2, 3, 7, 64, 4096, 1 << 20]) {
      const facts = await inspect(dump, size);
      assert.deepEqual(facts.tables, [
        { schema: "public", name: 'we"ird.tab le', rows: 3 },
        { schema: "app", name: "empty", rows: 0 },
        { schema: "app", name: "people", rows: 1000 },
      ], `chunk size ${size}`);
      assert.equal(facts.complete, true);
      assert.equal(facts.bytes, Buffer.byteLength(dump));
    }
  });

  it("reports a dump without its trailer as incomplete", async () => {
    const cut = dump.slice(0, dump.indexOf("\\.\n\n--\n-- PostgreSQL database dump complete"));
    assert.equal((await inspect(cut, 100)).complete, false);
    assert.equal((await inspect(dump.replace("\\unrestrict abc123\n\n", ""), 100)).complete, true, "older pg_dump without \\unrestrict");
  });
});

describe("redaction", () => {
  it("hides URL passwords, password= keywords and known secrets", () => {
    assert.equal(redact("connect postgresql://u:p%40ss@h:5/db failed"), "connect postgresql://u:***@h:5/db failed");
    assert.equal(redact("host=h password='a b' user=u"), "host=h password=*** user=u");
    assert.equal(redact("token s3cr3t here", ["s3cr3t"]), "token *** here");
  });
});
