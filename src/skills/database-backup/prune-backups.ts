// Retention: shows what a policy would delete, and deletes it with --apply. Never deletes the last
// backup that verifies, a directory that is not a complete backup, or one still being written.
import { rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { retained, type RetentionPolicy } from "../../backups/retention.js";
import { UsageError } from "../../errors.js";
import type { OptionValues, StepImplementation } from "../../runtime/types.js";
import { backupRoot } from "./backup-state.js";
import { listWithChecks } from "./list-backups.js";

function count(options: OptionValues, name: string): number | undefined {
  const value = options[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !/^\d+$/.test(value)) throw new UsageError(`--${name} takes a whole number, found "${String(value)}"`);
  return Number(value);
}

export interface PruneDecision {
  readonly id: string;
  readonly created_at: string | null;
  readonly action: "keep" | "delete" | "skip";
  readonly reasons: readonly string[];
}

export const pruneBackups: StepImplementation = {
  name: "prune-backups",
  options: [
    { name: "keep-last", type: "string", valueName: "N", description: "keep the N newest backups" },
    { name: "keep-daily", type: "string", valueName: "N", description: "keep the newest backup of each of the last N days with backups" },
    { name: "keep-weekly", type: "string", valueName: "N", description: "keep the newest backup of each of the last N weeks with backups" },
    { name: "apply", type: "boolean", description: "delete; without it, only show what would be deleted" },
    { name: "dry-run", type: "boolean", description: "only show what would be deleted, even with --apply" },
    { name: "backup-root", type: "string", valueName: "DIR", description: "where backups are stored (default: storage/backups)" },
  ],
  async run(ctx) {
    const [keepLast, keepDaily, keepWeekly] = ["keep-last", "keep-daily", "keep-weekly"].map((name) => count(ctx.options, name));
    const policy: RetentionPolicy = {
      ...(keepLast !== undefined ? { keepLast } : {}),
      ...(keepDaily !== undefined ? { keepDaily } : {}),
      ...(keepWeekly !== undefined ? { keepWeekly } : {}),
    };
    if (Object.keys(policy).length === 0) throw new UsageError("say what to keep: --keep-last N, --keep-daily N and/or --keep-weekly N", "see: db-ops prune-backups --help");
    const root = backupRoot(ctx);
    const backups = await listWithChecks(root);
    const complete = backups.filter((b) => b.created_at !== null);
    const keep = retained(complete.map((b) => ({ id: b.id, createdAt: new Date(b.created_at ?? 0) })), policy);
    // The policy may keep only damaged backups; then the newest one that verifies stays too.
    if (![...keep.keys()].some((id) => backups.find((b) => b.id === id)?.verifies)) {
      const newestGood = backups.find((b) => b.verifies);
      if (newestGood) keep.set(newestGood.id, [...(keep.get(newestGood.id) ?? []), "the newest backup that verifies"]);
    }
    const decisions: PruneDecision[] = backups.map((b) => {
      if (b.created_at === null) return { id: b.id, created_at: null, action: "skip", reasons: [`not a complete backup (${b.problems[0]}); left alone`] };
      const reasons = keep.get(b.id);
      return reasons ? { id: b.id, created_at: b.created_at, action: "keep", reasons } : { id: b.id, created_at: b.created_at, action: "delete", reasons: ["not kept by the policy"] };
    });
    const apply = ctx.options.apply === true && ctx.options["dry-run"] !== true;
    if (apply) {
      for (const d of decisions.filter((x) => x.action === "delete")) {
        // Renamed out of the store first, so that the backup disappears at once and whole.
        const doomed = join(root, `.deleting-${process.pid}-${d.id}`);
        await rename(join(root, d.id), doomed);
        await rm(doomed, { recursive: true, force: true });
      }
    }
    ctx.output.prune = { store: root, applied: apply, decisions };
    return { deleted: apply ? decisions.filter((d) => d.action === "delete").length : 0 };
  },
};
