// Proves two databases hold the same things: every table's ordered contents, large objects,
// sequences, and the schema as pg_dump --schema-only prints it.
import assert from "node:assert/strict";
import { execa } from "execa";
import { PG_HOST, PG_PORT, PG_USER, withClient } from "./pg.js";

interface Snapshot {
  readonly tables: Record<string, { rows: number; digest: string }>;
  readonly largeObjects: string[];
  readonly sequences: Record<string, string>;
  readonly schema: string;
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** What `database` holds, in a form that compares exactly. */
export async function snapshot(database: string, options: { excludeSchemas?: string[] } = {}): Promise<Snapshot> {
  const exclude = ["pg_catalog", "information_schema", "pg_toast", ...(options.excludeSchemas ?? [])];
  return withClient(database, async (c) => {
    const tables: Snapshot["tables"] = {};
    const list = await c.query<{ schema: string; name: string }>(
      `SELECT n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND NOT (n.nspname = ANY($1)) ORDER BY 1, 2`,
      [exclude],
    );
    for (const { schema, name } of list.rows) {
      const r = await c.query<{ rows: string; digest: string | null }>(
        `SELECT count(*)::text AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS digest FROM ${q(schema)}.${q(name)} t`,
      );
      tables[`${schema}.${name}`] = { rows: Number(r.rows[0]?.rows), digest: String(r.rows[0]?.digest) };
    }
    const los = await c.query<{ lo: string }>(`SELECT oid::text || ':' || md5(lo_get(oid)) AS lo FROM pg_largeobject_metadata ORDER BY oid`);
    const seqs = await c.query<{ name: string; state: string }>(
      `SELECT schemaname || '.' || sequencename AS name, coalesce(last_value::text, 'null') AS state FROM pg_sequences WHERE NOT (schemaname = ANY($1)) ORDER BY 1`,
      [exclude],
    );
    const dump = await execa("pg_dump", ["--schema-only", "-h", PG_HOST, "-p", String(PG_PORT), "-U", PG_USER, "-d", database, ...(options.excludeSchemas ?? []).flatMap((s) => ["-N", s])]);
    const schema = dump.stdout
      .split("\n")
      .filter((line) => !/^\\(un)?restrict /.test(line))
      .join("\n");
    return { tables, largeObjects: los.rows.map((r) => r.lo), sequences: Object.fromEntries(seqs.rows.map((r) => [r.name, r.state])), schema };
  });
}

/** Asserts that `restored` holds exactly what `original` holds. */
export async function assertSameDatabase(original: string, restored: string, options: { excludeSchemas?: string[] } = {}): Promise<void> {
  const [a, b] = await Promise.all([snapshot(original, options), snapshot(restored, options)]);
  assert.ok(Object.keys(a.tables).length > 0, "the original has tables");
  assert.deepEqual(b.tables, a.tables, "every table's ordered contents match");
  assert.deepEqual(b.largeObjects, a.largeObjects, "large objects match");
  assert.deepEqual(b.sequences, a.sequences, "sequences match");
  assert.equal(b.schema, a.schema, "pg_dump --schema-only output matches");
}
