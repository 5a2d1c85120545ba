// The rows of code_ops.artifact_events for one run: renderings of the run's result.
import type { RunContext, RunResult } from "../../runtime/types.js";

export interface EventRow {
  readonly run_id: string;
  readonly artifact_type: "command" | "skill";
  readonly artifact_name: string;
  readonly artifact_version: string;
  readonly event_type: "invoked" | "completed";
  readonly success: boolean | null;
  readonly details: Record<string, unknown>;
  readonly created_at: string;
}

type Artifact = { type: "command" | "skill"; name: string };

function artifacts(ctx: RunContext): Artifact[] {
  return [{ type: "command", name: ctx.command.name }, ...ctx.command.usesSkills.map((name) => ({ type: "skill" as const, name }))];
}

/** Scalar facts of the output, flattened one level (`backup.dir` -> `backup_dir`). */
function outputFacts(output: Record<string, unknown>): Record<string, unknown> {
  const facts: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(output)) {
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      for (const [sub, v] of Object.entries(value)) if (v === null || typeof v !== "object") facts[`${key}_${sub}`] = v;
    } else if (value === null || typeof value !== "object") facts[key] = value;
  }
  return facts;
}

/** `invoked` for the command and each skill it uses. */
export function invokedRows(ctx: RunContext, version: string, at: Date): EventRow[] {
  return artifacts(ctx).map((a) => ({
    run_id: ctx.runId,
    artifact_type: a.type,
    artifact_name: a.name,
    artifact_version: version,
    event_type: "invoked",
    success: null,
    details: { triggered_by: ctx.triggeredBy },
    created_at: at.toISOString(),
  }));
}

/** `completed` for each skill (success: all its steps passed) and, last, the command. */
export function completedRows(ctx: RunContext, result: RunResult, version: string, at: Date): EventRow[] {
  const row = (a: Artifact, success: boolean, details: Record<string, unknown>): EventRow => ({
    run_id: ctx.runId,
    artifact_type: a.type,
    artifact_name: a.name,
    artifact_version: version,
    event_type: "completed",
    success,
    details,
    created_at: at.toISOString(),
  });
  const failure = result.error ? { error: result.error.message, failed_step: result.error.step ?? null } : {};
  const skills = ctx.command.usesSkills.map((name) => {
    const steps = result.steps.filter((s) => s.skill === name);
    const failed = steps.find((s) => !s.ok);
    return row({ type: "skill", name }, !failed, {
      steps: steps.map((s) => ({ step: s.step, ok: s.ok, duration_ms: s.durationMs })),
      ...(failed ? { error: failed.error ?? null, failed_step: failed.step } : {}),
    });
  });
  const command = row({ type: "command", name: ctx.command.name }, result.ok, {
    duration_ms: result.durationMs,
    ...(result.ok ? outputFacts(result.output) : failure),
  });
  return [...skills, command];
}
