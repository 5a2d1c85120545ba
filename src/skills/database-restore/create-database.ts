// Creating and dropping a whole database on the target's server (restore into a new database,
// deep verification's scratch database).
import type { BackupMetadata } from "../../backups/metadata.js";
import { withSql } from "../../postgres/sql-session.js";
import type { Target } from "../../postgres/target.js";
import { quoteIdent, quoteLiteral } from "../../restore/restore-sql.js";
import { maintenanceTarget } from "./restore-state.js";

/** Creates `name` with the backup's encoding and locale (the server's default locale if it lacks that one). */
export async function createDatabaseLike(target: Target, name: string, metadata: BackupMetadata): Promise<void> {
  const db = metadata.database;
  const base = `CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0 ENCODING ${quoteLiteral(db.encoding)}`;
  await withSql(maintenanceTarget(target), async (sql) => {
    try {
      await sql.query(`${base} LC_COLLATE ${quoteLiteral(db.collate)} LC_CTYPE ${quoteLiteral(db.ctype)}`);
    } catch (error) {
      if (!/invalid locale name|locale .* does not exist|is incompatible with/i.test((error as Error).message)) throw error;
      await sql.query(base);
    }
  });
}

/** Drops `name`, disconnecting whoever is in it. */
export async function dropDatabase(target: Target, name: string): Promise<void> {
  await withSql(maintenanceTarget(target), (sql) => sql.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
}
