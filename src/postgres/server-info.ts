// What the pre-flight learns about the server and the database, and the client's version.
import { PreflightError } from "../errors.js";
import { capture, ProcessError } from "./processes.js";
import type { SqlSession } from "./sql-session.js";
import { versionInvocation, type ClientTool, type Target } from "./target.js";

export interface ServerInfo {
  readonly database: string;
  readonly user: string;
  readonly serverVersion: string;
  readonly serverVersionNum: number;
  readonly sizeBytes: number;
  readonly encoding: string;
  readonly collate: string;
  readonly ctype: string;
}

/** Facts about the connected database, in one round trip. */
export async function readServerInfo(sql: SqlSession): Promise<ServerInfo> {
  const rows = await sql.query<Record<string, unknown>>(
    `SELECT current_database() AS database, current_user AS "user",
            current_setting('server_version') AS server_version,
            current_setting('server_version_num')::int AS server_version_num,
            pg_database_size(current_database())::text AS size_bytes,
            pg_encoding_to_char(d.encoding) AS encoding, d.datcollate AS collate, d.datctype AS ctype
       FROM pg_database d WHERE d.datname = current_database()`,
  );
  const row = rows[0];
  if (!row) throw new PreflightError("the server did not describe the current database");
  return {
    database: String(row.database),
    user: String(row.user),
    serverVersion: String(row.server_version),
    serverVersionNum: Number(row.server_version_num),
    sizeBytes: Number(row.size_bytes),
    encoding: String(row.encoding),
    collate: String(row.collate),
    ctype: String(row.ctype),
  };
}

export interface ClientVersion {
  readonly text: string;
  readonly major: number;
}

/** Parses `pg_dump (PostgreSQL) 15.20 (Debian ...)` into its text and major version. */
export function parseClientVersion(output: string): ClientVersion {
  const match = /\)\s*(\d+)(?:\.(\d+))?/.exec(output);
  if (!match?.[1]) throw new PreflightError(`cannot read the client version from "${output.trim()}"`);
  return { text: match[2] ? `${match[1]}.${match[2]}` : match[1], major: Number(match[1]) };
}

/** The version of `tool` where the target's tools run; a missing binary is a clear PreflightError. */
export async function readClientVersion(target: Target, tool: ClientTool): Promise<ClientVersion> {
  try {
    return parseClientVersion(await capture(versionInvocation(target, tool), { timeoutMs: 15_000 }));
  } catch (error) {
    if (error instanceof ProcessError && error.notFound) {
      throw new PreflightError(
        `${target.kind === "container" ? "docker" : tool} was not found on PATH`,
        target.kind === "container" ? "install the Docker CLI, or pass --url to use local client tools" : `install the PostgreSQL client tools (e.g. apt-get install postgresql-client), or use --container`,
      );
    }
    throw error;
  }
}

/** Server major version from server_version_num (150020 -> 15). */
export function serverMajor(info: ServerInfo): number {
  return Math.floor(info.serverVersionNum / 10000);
}
