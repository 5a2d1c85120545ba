// Every skill implementation the runtime knows, by skill name.
import type { SkillImplementation } from "../runtime/types.js";
import { databaseBackupSkill } from "./database-backup/index.js";
import { databaseRestoreSkill } from "./database-restore/index.js";
import { selfReportingSkill } from "./self-reporting/index.js";

export const skillImplementations: ReadonlyMap<string, SkillImplementation> = new Map(
  [databaseBackupSkill, databaseRestoreSkill, selfReportingSkill].map((skill) => [skill.name, skill]),
);

/** Step names per skill, for validating SKILL.md `steps` against what exists. */
export function implementedSteps(implementations: ReadonlyMap<string, SkillImplementation> = skillImplementations): Map<string, string[]> {
  return new Map([...implementations].map(([name, impl]) => [name, impl.steps.map((s) => s.name)]));
}
