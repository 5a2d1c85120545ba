// Runs a command: its steps in order, wrapped by the `around` of each skill it uses. This is
// the one place where a thrown failure becomes a failed result.
import { randomUUID } from "node:crypto";
import type { Catalog } from "../catalog/types.js";
import { loadConfig, type Config } from "../config/config.js";
import { asDbOpsError, InterruptedError, UsageError } from "../errors.js";
import { resolveTarget } from "../postgres/resolve-target.js";
import type { Target } from "../postgres/target.js";
import type { OptionValues, Progress, RunContext, RunResult, SkillImplementation, StepResult } from "./types.js";

export interface RunInput {
  readonly catalog: Catalog;
  readonly implementations: ReadonlyMap<string, SkillImplementation>;
  readonly command: string;
  readonly options: OptionValues;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly clock?: () => Date;
  readonly signal?: AbortSignal;
  readonly progress?: (progress: Progress) => void;
  /** Asks the user a yes/no question; omit when nobody can answer. */
  readonly confirm?: (question: string) => Promise<boolean>;
  /** Who asked: "cli", "agent", "claude-code", ... recorded in the events. */
  readonly triggeredBy?: string;
  /** Decides whether a container runs, for the default target; Docker is asked when absent. */
  readonly isContainerRunning?: (name: string) => Promise<boolean>;
}

function optionString(options: OptionValues, name: string): string | undefined {
  const value = options[name];
  return typeof value === "string" ? value : undefined;
}

/**
 * Runs `input.command` and returns its result. Failures of steps are results, not exceptions;
 * only an unknown command or invalid configuration throws (before anything runs).
 */
export async function runCommand(input: RunInput): Promise<RunResult> {
  const command = input.catalog.commands.get(input.command);
  if (!command) throw new UsageError(`unknown command "${input.command}"`);
  if (command.steps.length === 0) throw new UsageError(`${command.name} has no steps the runtime can run`, `it is a prompt for Claude Code: type /${command.name} there`);
  const config: Config = await loadConfig(input.cwd, optionString(input.options, "config"));
  const clock = input.clock ?? (() => new Date());
  const signal = input.signal ?? new AbortController().signal;
  let target: Promise<Target> | undefined;
  let finishedEarly: string | undefined;

  const ctx: RunContext = {
    runId: randomUUID(),
    catalog: input.catalog,
    command,
    options: input.options,
    cwd: input.cwd,
    env: input.env,
    config,
    clock,
    signal,
    triggeredBy: input.triggeredBy ?? "cli",
    output: {},
    progress: (p) => input.progress?.(p),
    confirm: input.confirm,
    finishEarly: (reason) => {
      finishedEarly = reason;
    },
    target: () =>
      (target ??= resolveTarget({
        flags: {
          url: optionString(input.options, "url"),
          container: optionString(input.options, "container"),
          database: optionString(input.options, "database"),
          user: optionString(input.options, "user"),
        },
        config,
        env: input.env,
        projectDir: input.cwd,
        ...(input.isContainerRunning ? { isContainerRunning: input.isContainerRunning } : {}),
      })),
  };

  const startedAt = clock();
  const finish = (steps: StepResult[], failure?: RunResult["error"]): RunResult => {
    const finishedAt = clock();
    return {
      runId: ctx.runId,
      command: command.name,
      ok: failure === undefined,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      steps,
      output: ctx.output,
      ...(failure ? { error: failure } : {}),
      ...(finishedEarly !== undefined && !failure ? { finishedEarly } : {}),
      warnings: [],
    };
  };

  const runSteps = async (): Promise<RunResult> => {
    const steps: StepResult[] = [];
    for (const ref of command.steps) {
      const step = input.implementations.get(ref.skill)?.steps.find((s) => s.name === ref.step);
      const began = performance.now();
      try {
        if (!step) throw new Error(`step ${ref.skill}/${ref.step} has no implementation`);
        if (signal.aborted) throw new InterruptedError();
        const details = await step.run(ctx);
        steps.push({ skill: ref.skill, step: ref.step, ok: true, durationMs: Math.round(performance.now() - began), ...(details ? { details } : {}) });
        if (finishedEarly !== undefined) break;
      } catch (thrown) {
        const error = signal.aborted ? new InterruptedError() : asDbOpsError(thrown);
        steps.push({ skill: ref.skill, step: ref.step, ok: false, durationMs: Math.round(performance.now() - began), error: error.message });
        return finish(steps, { message: error.message, ...(error.hint ? { hint: error.hint } : {}), step: ref.step, exitCode: error.exitCode });
      }
    }
    return finish(steps);
  };

  let run = runSteps;
  for (const skill of [...command.usesSkills].reverse()) {
    const impl = input.implementations.get(skill);
    if (impl?.around) {
      const inner = run;
      const around = impl.around.bind(impl);
      run = () => around(ctx, inner);
    }
  }
  return run();
}
