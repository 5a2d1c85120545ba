// Dumps the database into a fresh staging directory as backup.sql.gz, with roles.sql: the roles
// that own objects or hold grants in it.
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { removeAbandonedStaging } from "../../backups/backup-store.js";
import { digestFile } from "../../backups/digest.js";
import { scriptSection } from "../../backups/portable-scripts.js";
import { withSql } from "../../postgres/sql-session.js";
import { clientInvocation } from "../../postgres/target.js";
import type { StepImplementation } from "../../runtime/types.js";
import { backupRoot, backupState, DEFAULT_GZIP_LEVEL, required } from "./backup-state.js";
import { dumpToGzipFile } from "./dump-pipeline.js";

export const DUMP_FILE = "backup.sql.gz";
export const ROLES_FILE = "roles.sql";

export const dumpDatabase: StepImplementation = {
  name: "dump-database",
  options: [{ name: "backup-root", type: "string", valueName: "DIR", description: "where backups are stored (default: storage/backups)" }],
  async run(ctx) {
    const state = backupState(ctx);
    const server = required(state.server, "the server");
    const root = backupRoot(ctx);
    await mkdir(root, { recursive: true });
    await removeAbandonedStaging(root);
    // Named after this process so that a later run can tell an abandoned one; removed by the skill's `around`.
    state.stagingDir = await mkdtemp(join(root, `.staging-${process.pid}-`));
    const target = await ctx.target();
    const began = performance.now();
    const dump = clientInvocation(target, "pg_dump", ["--no-password", "--format=plain"]);
    state.dump = await dumpToGzipFile(dump, join(state.stagingDir, DUMP_FILE), {
      level: DEFAULT_GZIP_LEVEL,
      signal: ctx.signal,
      onProgress: (bytes) => ctx.progress({ phase: "dump", bytes, elapsedMs: performance.now() - began }),
    });
    state.files[DUMP_FILE] = state.dump.file;
    // The roles the objects need, so that the backup restores onto a server that lacks them.
    const skillDir = required(ctx.catalog.skills.get("database-backup-skill")?.dir, "the database-backup-skill folder");
    const query = await scriptSection(skillDir, "roles-query");
    const [row] = await withSql(target, (sql) => sql.query<{ concat_ws: string }>(query), { signal: ctx.signal });
    await writeFile(join(state.stagingDir, ROLES_FILE), row?.concat_ws ?? "", { flush: true });
    state.files[ROLES_FILE] = await digestFile(join(state.stagingDir, ROLES_FILE));
    return { database: server.database, sql_bytes: state.dump.facts.bytes, compressed_bytes: state.dump.file.bytes, tables: state.dump.facts.tables.length };
  },
};
