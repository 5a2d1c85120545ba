// Reads commands/*.md and skills/*/SKILL.md, validates each, resolves references by name and
// detects cycles. Every problem in every file is collected and reported at once.
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { DefinitionError } from "../errors.js";
import { nearest } from "../suggest.js";
import { parseFrontmatter, type Frontmatter } from "./frontmatter.js";
import { checkKeys, commandKeys, skillKeys, stringList } from "./schema.js";
import type { Catalog, CommandDefinition, SkillDefinition, StepRef } from "./types.js";

/** Claude Code's rule for command and skill names. */
const NAME = /^[a-z0-9-]{1,64}$/;
const MAX_SKILL_DESCRIPTION = 1024;

export interface LoadCatalogOptions {
  /** Step names each skill implements in TypeScript; when given, declared steps are checked against it. */
  readonly implementedSteps?: ReadonlyMap<string, readonly string[]>;
}

interface Parsed<T> {
  readonly def: T;
  readonly fm: Frontmatter;
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

function known(names: Iterable<string>): string {
  const list = [...names];
  return list.length > 0 ? list.join(", ") : "none";
}

function unknownReference(file: string, fm: Frontmatter, key: string, index: number, name: string, kind: string, names: string[]): string {
  const guess = nearest(name, names);
  return `${file}:${fm.lineOf(key, index)}: ${key}[${index}]: "${name}" is not ${/^[aeiou]/.test(kind) ? "an" : "a"} ${kind} (known: ${known(names)})${guess ? `; did you mean "${guess}"?` : ""}`;
}

/**
 * Loads and validates the catalog under `root`.
 * @throws DefinitionError listing every problem found, when there is any.
 */
export async function loadCatalog(root: string, options: LoadCatalogOptions = {}): Promise<Catalog> {
  const problems: string[] = [];
  const commands: Parsed<CommandDefinition>[] = [];
  const skills: Parsed<SkillDefinition>[] = [];

  for (const entry of await listDir(join(root, "commands"))) {
    if (!entry.endsWith(".md")) continue;
    const file = relative(root, join(root, "commands", entry));
    const name = entry.slice(0, -".md".length);
    const text = await readFile(join(root, file), "utf8");
    if (!NAME.test(name)) problems.push(`${file}:1: command name "${name}" breaks Claude Code's naming rule (expected 1-64 characters of a-z, 0-9 and -)`);
    const parsed = parseFrontmatter(file, text);
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      continue;
    }
    const fm = parsed.value;
    problems.push(...checkKeys(file, fm, commandKeys));
    const d = fm.data;
    commands.push({
      fm,
      def: {
        name,
        file,
        description: typeof d.description === "string" ? d.description : "",
        category: typeof d.category === "string" ? d.category : undefined,
        usesSkills: stringList(d["uses-skills"]),
        usesAgents: stringList(d["uses-agents"]),
        relatedCommands: stringList(d["related-commands"]),
        steps: [],
        argumentHint: typeof d["argument-hint"] === "string" ? d["argument-hint"] : undefined,
        disableModelInvocation: d["disable-model-invocation"] === true,
        body: fm.body,
      },
    });
  }

  for (const entry of await listDir(join(root, "skills"))) {
    const file = relative(root, join(root, "skills", entry, "SKILL.md"));
    const text = await readIfExists(join(root, file));
    if (text === undefined) continue;
    const parsed = parseFrontmatter(file, text);
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      continue;
    }
    const fm = parsed.value;
    problems.push(...checkKeys(file, fm, skillKeys));
    const d = fm.data;
    const name = typeof d.name === "string" ? d.name : entry;
    if (!NAME.test(name)) problems.push(`${file}:${fm.lineOf("name")}: name: "${name}" breaks Claude Code's naming rule (expected 1-64 characters of a-z, 0-9 and -)`);
    if (name !== entry) problems.push(`${file}:${fm.lineOf("name")}: name: "${name}" must equal its folder name (expected "${entry}")`);
    const description = typeof d.description === "string" ? d.description : "";
    if (description.length > MAX_SKILL_DESCRIPTION) problems.push(`${file}:${fm.lineOf("description")}: description: too long (expected at most ${MAX_SKILL_DESCRIPTION} characters, found ${description.length})`);
    skills.push({
      fm,
      def: { name, file, dir: join(root, "skills", entry), description, usesSkills: stringList(d["uses-skills"]), steps: stringList(d.steps), body: fm.body },
    });
  }

  const skillNames = skills.map((s) => s.def.name);
  const commandNames = commands.map((c) => c.def.name);
  const skillByName = new Map(skills.map((s) => [s.def.name, s.def]));

  for (const { def, fm } of skills) {
    def.usesSkills.forEach((ref, i) => {
      if (!skillByName.has(ref)) problems.push(unknownReference(def.file, fm, "uses-skills", i, ref, "skill", skillNames));
    });
    const implemented = options.implementedSteps?.get(def.name) ?? [];
    def.steps.forEach((step, i) => {
      if (options.implementedSteps && !implemented.includes(step)) {
        problems.push(`${def.file}:${fm.lineOf("steps", i)}: steps[${i}]: "${step}" has no step function in the runtime (implemented for ${def.name}: ${known(implemented)})`);
      }
    });
  }
  problems.push(...findSkillCycles(skills.map((s) => s.def)));

  const resolvedCommands = commands.map(({ def, fm }) => {
    def.usesSkills.forEach((ref, i) => {
      if (!skillByName.has(ref)) problems.push(unknownReference(def.file, fm, "uses-skills", i, ref, "skill", skillNames));
    });
    def.usesAgents.forEach((ref, i) => problems.push(unknownReference(def.file, fm, "uses-agents", i, ref, "agent", [])));
    def.relatedCommands.forEach((ref, i) => {
      if (ref === def.name) problems.push(`${def.file}:${fm.lineOf("related-commands", i)}: related-commands[${i}]: a command cannot be related to itself`);
      else if (!commandNames.includes(ref)) problems.push(unknownReference(def.file, fm, "related-commands", i, ref, "command", commandNames));
    });
    const steps: StepRef[] = [];
    stringList(fm.data.steps).forEach((step, i) => {
      const providers = def.usesSkills.filter((s) => skillByName.get(s)?.steps.includes(step));
      if (providers.length === 1 && providers[0] !== undefined) steps.push({ skill: providers[0], step });
      else if (providers.length === 0) {
        const offered = def.usesSkills.flatMap((s) => skillByName.get(s)?.steps ?? []);
        problems.push(`${def.file}:${fm.lineOf("steps", i)}: steps[${i}]: "${step}" is not a step of the skills this command uses (known: ${known(offered)})`);
      } else {
        problems.push(`${def.file}:${fm.lineOf("steps", i)}: steps[${i}]: "${step}" is ambiguous (provided by ${providers.join(" and ")})`);
      }
    });
    return { ...def, steps };
  });

  if (problems.length > 0) throw new DefinitionError(`invalid definitions in ${root}`, problems);
  return {
    root,
    commands: new Map(resolvedCommands.map((c) => [c.name, c])),
    skills: skillByName,
  };
}

/** Cycles among skills' `uses-skills`, each printed as a path (`a -> b -> a`), each reported once. */
function findSkillCycles(skills: readonly SkillDefinition[]): string[] {
  const byName = new Map(skills.map((s) => [s.name, s]));
  const done = new Set<string>();
  const seen = new Set<string>();
  const problems: string[] = [];
  const visit = (name: string, path: string[]) => {
    if (done.has(name)) return;
    const at = path.indexOf(name);
    if (at >= 0) {
      const cycle = [...path.slice(at), name];
      const key = [...cycle.slice(0, -1)].sort().join(",");
      if (!seen.has(key)) {
        seen.add(key);
        problems.push(`${byName.get(name)?.file ?? name}: uses-skills: cycle ${cycle.join(" -> ")} (expected no skill to depend on itself)`);
      }
      return;
    }
    for (const next of byName.get(name)?.usesSkills ?? []) if (byName.has(next)) visit(next, [...path, name]);
    if (path.length === 0) done.add(name);
  };
  for (const skill of skills) visit(skill.name, []);
  return problems;
}
