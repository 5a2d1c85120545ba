// The options a command accepts, derived from the skills and steps it uses: never written twice.
import type { CommandDefinition } from "../catalog/types.js";
import { commonOptions } from "./common-options.js";
import type { OptionSpec, SkillImplementation } from "./types.js";

/** Common options, then each used skill's own, then those of the steps the command runs. */
export function commandOptions(command: CommandDefinition, implementations: ReadonlyMap<string, SkillImplementation>): OptionSpec[] {
  const seen = new Map<string, OptionSpec>();
  const add = (specs: readonly OptionSpec[] | undefined) => specs?.forEach((o) => seen.has(o.name) || seen.set(o.name, o));
  add(commonOptions);
  for (const skill of command.usesSkills) add(implementations.get(skill)?.options);
  for (const ref of command.steps) add(implementations.get(ref.skill)?.steps.find((s) => s.name === ref.step)?.options);
  return [...seen.values()];
}
