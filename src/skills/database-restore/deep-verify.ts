// verify-backup --deep: restores the backup into a temporary database on the target's server,
// counts the rows of every table inside the transaction, rolls it back and drops the database.
// It leaves nothing behind: not even the roles roles.sql would have created.
import { randomBytes } from "node:crypto";
import { OperationError } from "../../errors.js";
import { COUNT_MARKER, countRowsSql } from "../../restore/restore-sql.js";
import { streamRestore } from "../../restore/stream-restore.js";
import type { StepImplementation } from "../../runtime/types.js";
import { createDatabaseLike, dropDatabase } from "./create-database.js";
import { chosenBackup } from "./restore-state.js";

interface Count {
  schema: string;
  name: string;
  rows: number;
}

export const deepVerify: StepImplementation = {
  name: "deep-verify",
  options: [{ name: "deep", type: "boolean", description: "also restore into a temporary database and compare row counts with the backup's" }],
  async run(ctx) {
    if (ctx.options.deep !== true) return { skipped: "no --deep" };
    const backup = chosenBackup(ctx);
    const scratch = `dbops_verify_${randomBytes(6).toString("hex")}`;
    const target = { ...(await ctx.target()), database: scratch };
    const began = performance.now();
    await createDatabaseLike(target, scratch, backup.metadata);
    let counts: Count[];
    let expected: readonly Count[];
    try {
      const outcome = await streamRestore(target, backup.dir, backup.metadata, { before: "", after: (facts) => countRowsSql(facts.tables), finish: "ROLLBACK" }, {
        signal: ctx.signal,
        captureOutput: true,
        onProgress: (bytes) => ctx.progress({ phase: "deep verify", bytes, elapsedMs: performance.now() - began }),
      });
      counts = outcome.output
        .split("\n")
        .filter((line) => line.startsWith(COUNT_MARKER))
        .map((line) => JSON.parse(line.slice(COUNT_MARKER.length)) as Count);
      expected = backup.metadata.dump.tables ?? outcome.facts.tables;
    } finally {
      await dropDatabase(target, scratch).catch(() => undefined);
    }
    const restored = new Map(counts.map((c) => [`${c.schema}.${c.name}`, c.rows]));
    const mismatches = expected.filter((t) => restored.get(`${t.schema}.${t.name}`) !== t.rows).map((t) => `${t.schema}.${t.name}: backup recorded ${t.rows} rows, the restore holds ${restored.get(`${t.schema}.${t.name}`) ?? "no such table"}`);
    ctx.output.deep_verification = { ok: mismatches.length === 0, tables: counts.length, rows: counts.reduce((n, c) => n + c.rows, 0), duration_ms: Math.round(performance.now() - began), problems: mismatches };
    if (mismatches.length > 0) throw new OperationError(`backup ${backup.id} restored, but its rows differ: ${mismatches.join("; ")}`);
    return { tables: counts.length };
  },
};
