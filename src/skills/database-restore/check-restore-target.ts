// Pre-flight for a restore: the server answers and is not older than the backup's, the target
// database's encoding matches, and nobody else is connected (unless --force). Nothing is changed.
import { PreflightError } from "../../errors.js";
import { withSql } from "../../postgres/sql-session.js";
import { describeTarget } from "../../postgres/target.js";
import type { StepImplementation } from "../../runtime/types.js";
import { chosenBackup, maintenanceTarget, restoreState } from "./restore-state.js";

interface Session {
  pid: number;
  usename: string | null;
  application_name: string;
  client: string;
}

/** Other sessions on `database`, as seen from the maintenance database. */
export const OTHER_SESSIONS = `SELECT pid, usename, application_name, coalesce(client_addr::text, 'local') AS client
  FROM pg_catalog.pg_stat_activity WHERE datname = $1 AND pid <> pg_catalog.pg_backend_pid() AND backend_type = 'client backend'`;

export const checkRestoreTarget: StepImplementation = {
  name: "check-restore-target",
  options: [{ name: "force", type: "boolean", description: "terminate other sessions connected to the target database" }],
  async run(ctx) {
    const state = restoreState(ctx);
    const backup = chosenBackup(ctx);
    const target = await ctx.target();
    const database = target.database ?? backup.metadata.database.name;
    const found = await withSql(
      maintenanceTarget(target),
      async (sql) => {
        const [server] = await sql.query<{ num: number; version: string }>(`SELECT current_setting('server_version_num')::int AS num, current_setting('server_version') AS version`);
        const [db] = await sql.query<{ encoding: string }>(`SELECT pg_catalog.pg_encoding_to_char(encoding) AS encoding FROM pg_catalog.pg_database WHERE datname = $1`, [database]);
        const sessions = db ? await sql.query<Session>(OTHER_SESSIONS, [database]) : [];
        return { server, db, sessions };
      },
      { signal: ctx.signal },
    );
    const serverMajor = Math.floor(Number(found.server?.num) / 10000);
    const backupMajor = Math.floor(backup.metadata.database.serverVersionNum / 10000);
    if (serverMajor < backupMajor) {
      throw new PreflightError(`backup ${backup.id} comes from PostgreSQL ${backup.metadata.database.serverVersion}; the target runs ${found.server?.version}, which is older`, "restore into a server of the same or a newer major version");
    }
    if (found.db && found.db.encoding !== backup.metadata.database.encoding) {
      throw new PreflightError(`database "${database}" uses encoding ${found.db.encoding}; the backup was taken from ${backup.metadata.database.encoding}`, "restore into a new database (--database NEW_NAME): it is created with the backup's encoding");
    }
    if (found.sessions.length > 0 && ctx.options.force !== true) {
      const who = found.sessions.map((s) => `${s.application_name || "unnamed"} (${s.usename ?? "?"}@${s.client}, pid ${s.pid})`).join(", ");
      throw new PreflightError(`${found.sessions.length} other session(s) are connected to database "${database}": ${who}`, "stop them, or pass --force to terminate them before restoring");
    }
    state.database = database;
    state.exists = found.db !== undefined;
    state.otherSessions = found.sessions.length;
    return { target: describeTarget(target), database, exists: state.exists, other_sessions: found.sessions.length };
  },
};
