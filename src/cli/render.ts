// Renderings of a run result for the terminal: the summary, errors, warnings, progress, JSON.
import type { CommandDefinition } from "../catalog/types.js";
import type { Progress, RunResult, SkillImplementation } from "../runtime/types.js";
import { humanBytes } from "../skills/database-backup/summary.js";

/** The result as one JSON object (snake_case, as scripts expect). */
export function resultAsJson(result: RunResult): Record<string, unknown> {
  return {
    ok: result.ok,
    command: result.command,
    run_id: result.runId,
    started_at: result.startedAt,
    finished_at: result.finishedAt,
    duration_ms: result.durationMs,
    ...result.output,
    steps: result.steps.map((s) => ({ skill: s.skill, step: s.step, ok: s.ok, duration_ms: s.durationMs, ...(s.error ? { error: s.error } : {}) })),
    ...(result.error ? { error: { message: result.error.message, hint: result.error.hint ?? null, step: result.error.step ?? null, exit_code: result.error.exitCode } } : {}),
    ...(result.finishedEarly ? { finished_early: result.finishedEarly } : {}),
    warnings: result.warnings,
  };
}

/** The failure, for stderr. */
export function renderFailure(result: RunResult): string {
  const error = result.error;
  if (!error) return "";
  return [`❌ ${result.command} failed${error.step ? ` at ${error.step}` : ""}: ${error.message}`, ...(error.hint ? [`   what to do: ${error.hint}`] : [])].join("\n");
}

/** A one-line progress renderer that rewrites itself on a terminal. */
export function progressLine(p: Progress): string {
  const seconds = p.elapsedMs / 1000;
  const rate = seconds > 0 ? p.bytes / seconds : 0;
  return `\r${p.phase}: ${humanBytes(p.bytes)} (${humanBytes(rate)}/s, ${seconds.toFixed(1)} s)\u001b[K`;
}

/** What to print for a finished run: the summary (or JSON) for stdout, failure and warnings for stderr. */
export function renderResult(result: RunResult, command: CommandDefinition, implementations: ReadonlyMap<string, SkillImplementation>, json: boolean): { stdout: string; stderr: string } {
  let stdout = "";
  let stderr = "";
  if (json) stdout = `${JSON.stringify(resultAsJson(result), null, 2)}\n`;
  else if (result.ok) {
    const summary = command.usesSkills.map((s) => implementations.get(s)?.summarize?.(result)).find((s) => s !== undefined);
    stdout = `${summary ?? `✅ ${command.name} completed`}\n`;
  } else stderr = `${renderFailure(result)}\n`;
  for (const warning of result.warnings) stderr += `⚠️  ${warning}\n`;
  return { stdout, stderr };
}
