// The validated shape of the Markdown definitions: what the rest of the runtime may rely on.

/** A step a command runs: a step function named by one of the skills it uses. */
export interface StepRef {
  readonly skill: string;
  readonly step: string;
}

/** A slash command from `commands/<name>.md`. */
export interface CommandDefinition {
  readonly name: string;
  readonly file: string;
  readonly description: string;
  readonly category: string | undefined;
  readonly usesSkills: readonly string[];
  readonly usesAgents: readonly string[];
  readonly relatedCommands: readonly string[];
  /** Ordered steps; empty for a command the runtime does not run itself. */
  readonly steps: readonly StepRef[];
  readonly argumentHint: string | undefined;
  readonly disableModelInvocation: boolean;
  readonly body: string;
}

/** A skill from `skills/<name>/SKILL.md`. */
export interface SkillDefinition {
  readonly name: string;
  readonly file: string;
  readonly dir: string;
  readonly description: string;
  readonly usesSkills: readonly string[];
  /** Names of the step functions this skill provides. */
  readonly steps: readonly string[];
  readonly body: string;
}

/** Every definition, validated and with its references resolved. */
export interface Catalog {
  readonly root: string;
  readonly commands: ReadonlyMap<string, CommandDefinition>;
  readonly skills: ReadonlyMap<string, SkillDefinition>;
}
