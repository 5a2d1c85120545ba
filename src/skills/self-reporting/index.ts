// self-reporting-skill: records `invoked` and `completed` events around every run, spooling
// them when the events database cannot be reached. It never fails or blocks the operation.
import { redact } from "../../redact.js";
import { toolVersion } from "../../package-info.js";
import { parseConnectionUrl } from "../../postgres/resolve-target.js";
import { describeTarget, type Target } from "../../postgres/target.js";
import type { RunContext, RunResult, SkillImplementation } from "../../runtime/types.js";
import { completedRows, invokedRows, type EventRow } from "./event-rows.js";
import { deliverEvents } from "./event-sink.js";
import { claimSpooledEvents, spoolDir, spoolEvents } from "./event-spool.js";

/** Short, so that an unreachable events database delays a run by seconds at most. */
const EVENTS_CONNECT_TIMEOUT_MS = 3000;

/** Where events go: --events-url, db-ops.yaml's events.url, else the command's own target. */
async function eventsTarget(ctx: RunContext): Promise<Target> {
  const flag = ctx.options["events-url"];
  if (typeof flag === "string") return parseConnectionUrl(flag, "flag");
  if (ctx.config.events.url) return parseConnectionUrl(ctx.config.events.url, "db-ops.yaml");
  return ctx.target();
}

interface Delivery {
  delivered: number;
  spooled: number;
  warning?: string;
}

/** Delivers waiting spooled events and then `rows`; on failure spools them all. Never throws. */
async function report(ctx: RunContext, rows: readonly EventRow[]): Promise<Delivery> {
  const dir = spoolDir(ctx.cwd);
  let target: Target | undefined;
  try {
    target = await eventsTarget(ctx);
    const waiting = await claimSpooledEvents(dir);
    try {
      await deliverEvents(target, [...waiting.rows, ...rows], EVENTS_CONNECT_TIMEOUT_MS);
      await waiting.done();
      return { delivered: waiting.rows.length + rows.length, spooled: 0 };
    } catch (error) {
      await waiting.release();
      throw error;
    }
  } catch (error) {
    const why = redact(error instanceof Error ? error.message : String(error), [target?.password]);
    try {
      await spoolEvents(dir, rows);
      return { delivered: 0, spooled: rows.length, warning: `events could not be recorded${target ? ` in ${describeTarget(target)}` : ""} (${why.split("\n")[0]}); kept in ${dir} for the next run` };
    } catch (spoolError) {
      return { delivered: 0, spooled: 0, warning: `events were lost: could not record them (${why.split("\n")[0]}) nor spool them (${(spoolError as Error).message})` };
    }
  }
}

export const selfReportingSkill: SkillImplementation = {
  name: "self-reporting-skill",
  steps: [],
  options: [
    { name: "events-url", type: "string", valueName: "URL", description: "database for code_ops.artifact_events (default: the target itself)" },
    { name: "no-events", type: "boolean", description: "do not record this run in code_ops.artifact_events" },
  ],
  async around(ctx, run): Promise<RunResult> {
    if (ctx.options["no-events"] === true || !ctx.config.events.enabled) return run();
    const version = toolVersion();
    const start = await report(ctx, invokedRows(ctx, version, ctx.clock()));
    const result = await run();
    const end = await report(ctx, completedRows(ctx, result, version, ctx.clock()));
    const warnings = [start.warning, end.warning].filter((w): w is string => w !== undefined);
    return {
      ...result,
      warnings: [...result.warnings, ...new Set(warnings)],
      output: { ...result.output, events: { delivered: start.delivered + end.delivered, spooled: start.spooled + end.spooled } },
    };
  },
};
