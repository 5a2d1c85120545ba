// Nothing is replaced without a yes: --yes, or an answer at the terminal.
import { OperationError, UsageError } from "../../errors.js";
import { describeTarget } from "../../postgres/target.js";
import type { StepImplementation } from "../../runtime/types.js";
import { humanBytes, localTime } from "../database-backup/summary.js";
import { chosenBackup, restoreState } from "./restore-state.js";

export const confirmRestore: StepImplementation = {
  name: "confirm-restore",
  options: [
    { name: "yes", type: "boolean", description: "replace the database's contents without asking" },
    { name: "plan", type: "boolean", description: "only check the backup and the target and show what a restore would do; change nothing" },
  ],
  async run(ctx) {
    const state = restoreState(ctx);
    const backup = chosenBackup(ctx);
    const target = await ctx.target();
    const action = state.exists ? `Replace everything in database "${state.database}"` : `Create database "${state.database}" and restore`;
    if (ctx.options.plan === true) {
      ctx.output.plan = {
        backup_id: backup.id,
        backup_dir: backup.dir,
        backup_database: backup.metadata.database.name,
        backup_created_at: backup.metadata.createdAt,
        backup_bytes: backup.metadata.files[backup.metadata.dump.file]?.bytes ?? 0,
        verified: true,
        action,
        target: describeTarget(target),
        database: state.database,
        database_exists: state.exists,
        other_sessions: state.otherSessions ?? 0,
        safety_backup: state.exists === true && ctx.options["no-safety-backup"] !== true,
      };
      ctx.finishEarly("--plan: nothing was changed");
      return { planned: true };
    }
    if (ctx.options.yes === true) return { confirmed_by: "--yes" };
    if (!ctx.confirm) {
      throw new UsageError(`${action.toLowerCase()} (${describeTarget(target)}) needs confirmation, and there is no terminal to ask on`, "pass --yes to confirm");
    }
    const size = humanBytes(backup.metadata.files[backup.metadata.dump.file]?.bytes ?? 0);
    const question = `${action} (${describeTarget(target)}) from backup ${backup.id} of "${backup.metadata.database.name}", taken ${localTime(backup.metadata.createdAt)} (${size})?${state.exists && ctx.options["no-safety-backup"] !== true ? " A safety backup is taken first." : ""}`;
    if (!(await ctx.confirm(question))) throw new OperationError("restore cancelled; nothing was changed");
    return { confirmed_by: "terminal" };
  },
};
