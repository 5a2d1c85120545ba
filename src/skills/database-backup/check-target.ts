// Pre-flight: the database answers, its version and size are known, the client is not older
// than the server, and the store has room for the estimated dump. Nothing is written.
import { statfs } from "node:fs/promises";
import { dirname } from "node:path";
import { PreflightError } from "../../errors.js";
import { readClientVersion, readServerInfo, serverMajor } from "../../postgres/server-info.js";
import { withSql } from "../../postgres/sql-session.js";
import { describeTarget } from "../../postgres/target.js";
import type { StepImplementation } from "../../runtime/types.js";
import { backupRoot, backupState } from "./backup-state.js";

/**
 * Compressed plain dumps of application databases measure well under half of
 * pg_database_size (indexes and free space are not dumped, text compresses); half plus a
 * margin refuses only when the backup is likely not to fit.
 */
const ESTIMATE_RATIO = 0.5;
const ESTIMATE_MARGIN_BYTES = 16 * 1024 * 1024;

async function freeBytes(path: string): Promise<number> {
  for (let dir = path; ; dir = dirname(dir)) {
    try {
      const stats = await statfs(dir);
      return stats.bavail * stats.bsize;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT" || dirname(dir) === dir) throw error;
    }
  }
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export const checkTarget: StepImplementation = {
  name: "check-target",
  options: [{ name: "no-space-check", type: "boolean", description: "skip the free-space estimate before dumping" }],
  async run(ctx) {
    const state = backupState(ctx);
    state.startedAt = ctx.clock();
    const target = await ctx.target();
    const server = await withSql(target, readServerInfo, { signal: ctx.signal });
    const client = await readClientVersion(target, "pg_dump");
    if (client.major < serverMajor(server)) {
      throw new PreflightError(
        `pg_dump ${client.text} is older than the server (${server.serverVersion}): it cannot dump it reliably`,
        `install PostgreSQL ${serverMajor(server)}'s client tools (e.g. apt-get install postgresql-client-${serverMajor(server)}), or use --container to run the server's own pg_dump`,
      );
    }
    const root = backupRoot(ctx);
    const free = await freeBytes(root);
    const needed = Math.ceil(server.sizeBytes * ESTIMATE_RATIO) + ESTIMATE_MARGIN_BYTES;
    if (ctx.options["no-space-check"] !== true && free < needed) {
      throw new PreflightError(
        `not enough free space in ${root}: about ${mb(needed)} needed for a ${mb(server.sizeBytes)} database, ${mb(free)} free`,
        "free space, choose another --backup-root, or pass --no-space-check if you know the dump is smaller",
      );
    }
    state.server = server;
    state.client = client;
    return { target: describeTarget(target), database: server.database, server_version: server.serverVersion, client_version: client.text, database_bytes: server.sizeBytes, free_bytes: free };
  },
};
