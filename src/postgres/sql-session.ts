// Parameterized SQL against a target: node-postgres for URL and libpq targets, psql inside
// the container for container targets (parameters bound as psql variables, quoted by psql).
import { existsSync } from "node:fs";
import pg from "pg";
import { TargetError } from "../errors.js";
import { redact } from "../redact.js";
import { capture, ProcessError } from "./processes.js";
import { clientInvocation, describeTarget, type HostTarget, type Target } from "./target.js";

/** A connection that runs parameterized statements ($1, $2, ...) and returns rows. */
export interface SqlSession {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}

export interface SqlOptions {
  readonly connectTimeoutMs?: number;
  readonly signal?: AbortSignal;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** node-postgres settings for a URL or libpq target (libpq's environment fills the gaps). */
export function pgClientConfig(target: HostTarget, connectTimeoutMs: number): pg.ClientConfig {
  const socketDir = "/var/run/postgresql";
  const port = target.port ?? (process.env.PGPORT ? Number(process.env.PGPORT) : 5432);
  const host = target.host ?? process.env.PGHOST ?? (existsSync(`${socketDir}/.s.PGSQL.${port}`) ? socketDir : undefined);
  const ssl = target.params.sslmode && target.params.sslmode !== "disable" && target.params.sslmode !== "allow" && target.params.sslmode !== "prefer";
  return {
    ...(host ? { host } : {}),
    port,
    ...(target.database ? { database: target.database } : {}),
    ...(target.user ? { user: target.user } : {}),
    ...(target.password ? { password: target.password } : {}),
    ...(ssl ? { ssl: { rejectUnauthorized: target.params.sslmode === "verify-full" || target.params.sslmode === "verify-ca" } } : {}),
    application_name: "db-ops",
    connectionTimeoutMillis: connectTimeoutMs,
  };
}

/** Explains a connection failure in words, with what to do; never includes the password. */
export function connectionError(target: Target, error: unknown): TargetError {
  const raw = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  const where = describeTarget(target);
  const message = redact(raw, [target.password]);
  if (code === "3D000" || /database .* does not exist/.test(raw)) return new TargetError(`cannot connect to ${where}: ${message}`, "check the database name (--database, or the URL's path)");
  if (code === "28P01" || code === "28000" || /authentication|password/.test(raw)) return new TargetError(`cannot connect to ${where}: ${message}`, "check the user and password (PGPASSWORD or the URL)");
  if (target.kind === "container") return new TargetError(`cannot reach ${where}: ${message}`, "is the container running? `docker ps` should list it; `supabase start` starts the local stack");
  return new TargetError(`cannot reach ${where}: ${message}`, "is the server running and the host/port right? Pass --url or set DATABASE_URL");
}

/** Opens a session on `target`, runs `fn`, and always closes it. Connection failures become TargetError. */
export async function withSql<T>(target: Target, fn: (sql: SqlSession) => Promise<T>, options: SqlOptions = {}): Promise<T> {
  const timeout = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  if (target.kind === "container") return fn(containerSession(target, timeout, options.signal));
  const client = new pg.Client(pgClientConfig(target, timeout));
  client.on("error", () => {
    // A dropped connection surfaces as a failed query; this keeps it from crashing the process.
  });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw connectionError(target, error);
  }
  try {
    return await fn({
      query: async <R>(sql: string, params: readonly unknown[] = []) => (await client.query(sql, [...params])).rows as R[],
    });
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A value as psql variable text; objects become JSON. */
function asVariable(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function containerSession(target: Target, timeoutMs: number, signal: AbortSignal | undefined): SqlSession {
  return {
    async query<R>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
      const variables: string[] = [];
      const text = sql.replace(/\$(\d+)/g, (_, n: string) => {
        const value = params[Number(n) - 1];
        if (value === null || value === undefined) return "NULL";
        return `:'p${n}'`;
      });
      params.forEach((value, i) => {
        if (value !== null && value !== undefined) variables.push("-v", `p${i + 1}=${asVariable(value)}`);
      });
      const returnsRows = /^\s*(select|with|values)\b/i.test(text);
      const script = returnsRows ? `SELECT coalesce(json_agg(q), '[]'::json) FROM (${text.replace(/;\s*$/, "")}) q;\n` : `${text}\n`;
      const inv = clientInvocation(target, "psql", ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", ...variables, "-f", "-"], { stdin: true });
      let out: string;
      try {
        out = await capture(inv, { input: script, timeoutMs: timeoutMs * 6, ...(signal ? { signal } : {}) });
      } catch (error) {
        if (error instanceof ProcessError && /could not connect|No such container|is not running|Cannot connect to the Docker daemon|connection to server/i.test(error.message)) throw connectionError(target, error);
        throw error;
      }
      return returnsRows ? (JSON.parse(out.trim() || "[]") as R[]) : [];
    },
  };
}
