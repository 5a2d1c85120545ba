// The backup's checks: `check-backup` (every file's size and sha256; fast, before a restore whose
// stream then checks the rest) and `verify-backup` (all of it, decompressing the whole dump).
import { verifyBackup, verifyFiles } from "../../backups/verify-backup.js";
import { OperationError } from "../../errors.js";
import type { StepImplementation } from "../../runtime/types.js";
import { chosenBackup } from "./restore-state.js";

function refuse(id: string, problems: string[]): never {
  throw new OperationError(`backup ${id} does not verify: ${problems.join("; ")}`, "nothing was touched; restore another backup (see `db-ops list-backups`)");
}

export const checkBackup: StepImplementation = {
  name: "check-backup",
  options: [],
  async run(ctx) {
    const backup = chosenBackup(ctx);
    const problems = await verifyFiles(backup.dir, backup.metadata);
    if (problems.length > 0) refuse(backup.id, problems);
    return { files: Object.keys(backup.metadata.files).length };
  },
};

export const verifyBackupStep: StepImplementation = {
  name: "verify-backup",
  options: [],
  async run(ctx) {
    const backup = chosenBackup(ctx);
    const problems = await verifyBackup(backup.dir, backup.metadata);
    ctx.output.verification = { ok: problems.length === 0, problems, checks: ["metadata", "sizes and sha256 of every file", `complete ${backup.metadata.dump.compression} stream`, "pg_dump completion trailer", "rows per table"] };
    if (problems.length > 0) refuse(backup.id, problems);
    return { verified: true };
  },
};
