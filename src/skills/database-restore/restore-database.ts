// Replaces the target database's contents with the backup, as one transaction: the restore
// either commits whole, with the events the database held kept, or leaves it exactly as it was.
import { withSql } from "../../postgres/sql-session.js";
import { describeTarget } from "../../postgres/target.js";
import { CLEAR_DATABASE, RESTORE_KEPT_EVENTS } from "../../restore/restore-sql.js";
import { streamRestore } from "../../restore/stream-restore.js";
import type { StepImplementation } from "../../runtime/types.js";
import { required } from "../database-backup/backup-state.js";
import { OTHER_SESSIONS } from "./check-restore-target.js";
import { createDatabaseLike, dropDatabase } from "./create-database.js";
import { chosenBackup, maintenanceTarget, restoreState } from "./restore-state.js";

export const restoreDatabase: StepImplementation = {
  name: "restore-database",
  options: [],
  async run(ctx) {
    const state = restoreState(ctx);
    const backup = chosenBackup(ctx);
    const database = required(state.database, "the target database");
    const target = { ...(await ctx.target()), database };
    const began = performance.now();
    if (!state.exists) await createDatabaseLike(target, database, backup.metadata);
    if (ctx.options.force === true) {
      await withSql(maintenanceTarget(target), (sql) => sql.query(`SELECT pg_catalog.pg_terminate_backend(pid) FROM (${OTHER_SESSIONS}) s`, [database]));
    }
    let facts;
    try {
      ({ facts } = await streamRestore(target, backup.dir, backup.metadata, { before: CLEAR_DATABASE, after: () => RESTORE_KEPT_EVENTS, finish: "COMMIT" }, {
        signal: ctx.signal,
        onProgress: (bytes) => ctx.progress({ phase: "restore", bytes, elapsedMs: performance.now() - began }),
      }));
    } catch (error) {
      // A database this run created goes again, so that a failed restore leaves the server as it was.
      if (!state.exists) await dropDatabase(target, database).catch(() => undefined);
      throw error;
    }
    ctx.output.restore = {
      backup_id: backup.id,
      backup_database: backup.metadata.database.name,
      backup_created_at: backup.metadata.createdAt,
      database,
      target: describeTarget(target),
      created_database: !state.exists,
      sql_bytes: facts.bytes,
      tables: facts.tables.length,
      rows: facts.tables.reduce((n, t) => n + t.rows, 0),
      duration_ms: Math.round(performance.now() - began),
      safety_backup: state.safetyBackup?.id ?? null,
    };
    return { database, sql_bytes: facts.bytes };
  },
};
