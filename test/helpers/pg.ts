// Scratch databases on the local server: unique names, always dropped, nothing else touched.
import { randomBytes } from "node:crypto";
import { execa } from "execa";
import pg from "pg";

export const PG_HOST = process.env.DB_OPS_TEST_PGHOST ?? "127.0.0.1";
export const PG_PORT = Number(process.env.DB_OPS_TEST_PGPORT ?? 5432);
export const PG_USER = process.env.DB_OPS_TEST_PGUSER ?? "postgres";

/** A URL for `database` on the test server. */
export function urlFor(database: string): string {
  return `postgresql://${PG_USER}@${PG_HOST}:${PG_PORT}/${encodeURIComponent(database)}`;
}

export async function withClient<T>(database: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ host: PG_HOST, port: PG_PORT, user: PG_USER, database });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface ScratchDb {
  readonly name: string;
  readonly url: string;
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  drop(): Promise<void>;
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Creates an empty database with a unique name (containing `label`, which may hold spaces and quotes). */
export async function createScratchDb(label = "t"): Promise<ScratchDb> {
  const name = `dbops_${label}_${randomBytes(4).toString("hex")}`;
  await withClient("postgres", (c) => c.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0 ENCODING 'UTF8'`));
  return {
    name,
    url: urlFor(name),
    query: async (sql, params = []) => withClient(name, async (c) => (await c.query(sql, params)).rows),
    drop: async () => {
      await withClient("postgres", (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
    },
  };
}

/** Runs a SQL script with psql (ON_ERROR_STOP) against `database`. */
export async function psqlScript(database: string, script: string): Promise<void> {
  await execa("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", PG_HOST, "-p", String(PG_PORT), "-U", PG_USER, "-d", database, "-f", "-"], { input: script });
}
