// The runtime's vocabulary: options, steps, skill implementations, and the result of a run.
import type { Catalog, CommandDefinition } from "../catalog/types.js";
import type { Config } from "../config/config.js";
import type { ExitCode } from "../errors.js";
import type { Target } from "../postgres/target.js";

/** A command-line option a step accepts; the CLI, --help and the agent's tools are generated from these. */
export interface OptionSpec {
  readonly name: string;
  readonly type: "string" | "boolean";
  readonly description: string;
  readonly valueName?: string;
  /** Given as a bare argument (e.g. BACKUP) rather than --name VALUE. */
  readonly positional?: boolean;
}

export type OptionValues = Readonly<Record<string, string | boolean | undefined>>;

/** Progress of long work, rendered by the CLI on a terminal. */
export interface Progress {
  readonly phase: string;
  readonly bytes: number;
  readonly elapsedMs: number;
}

/** Everything a step may use; what varies (clock, env, cwd, output) is passed in, not global. */
export interface RunContext {
  readonly runId: string;
  readonly catalog: Catalog;
  readonly command: CommandDefinition;
  readonly options: OptionValues;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly config: Config;
  readonly clock: () => Date;
  readonly signal: AbortSignal;
  readonly triggeredBy: string;
  progress(progress: Progress): void;
  /** Asks the person at the terminal; absent when nobody can answer (no TTY, a script). */
  readonly confirm: ((question: string) => Promise<boolean>) | undefined;
  /** Ends the run successfully after the current step (a plan, a dry run); later steps are skipped. */
  finishEarly(reason: string): void;
  /** The target, resolved once on first use. */
  target(): Promise<Target>;
  /** Facts for the result, set by steps (the backup's directory, sizes, ...). */
  readonly output: Record<string, unknown>;
}

/** A step function, named in a skill's SKILL.md `steps`. */
export interface StepImplementation {
  readonly name: string;
  readonly options: readonly OptionSpec[];
  run(ctx: RunContext): Promise<Record<string, unknown> | void>;
}

/** The TypeScript half of a skill: its steps, and optionally a wrapper around the whole run. */
export interface SkillImplementation {
  readonly name: string;
  readonly steps: readonly StepImplementation[];
  /** Options the skill reads outside its steps (for example in `around`). */
  readonly options?: readonly OptionSpec[];
  around?(ctx: RunContext, run: () => Promise<RunResult>): Promise<RunResult>;
  /** The human summary of a finished run, when this skill knows how to tell it. */
  summarize?(result: RunResult): string | undefined;
}

export interface StepResult {
  readonly skill: string;
  readonly step: string;
  readonly ok: boolean;
  readonly durationMs: number;
  readonly details?: Record<string, unknown>;
  readonly error?: string;
}

export interface RunFailure {
  readonly message: string;
  readonly hint?: string;
  readonly step?: string;
  readonly exitCode: ExitCode;
}

/** What a run produced; the summary, --json and the event rows are renderings of it. */
export interface RunResult {
  readonly runId: string;
  readonly command: string;
  readonly ok: boolean;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly steps: readonly StepResult[];
  readonly output: Record<string, unknown>;
  readonly error?: RunFailure;
  /** Why the run stopped before its last step, when a step ended it early on purpose. */
  readonly finishedEarly?: string;
  readonly warnings: readonly string[];
}
