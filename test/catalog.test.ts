// The catalog: every validation problem is reported at once, with file, line, key, expected, found.
import assert from "node:assert/strict";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { loadCatalog } from "../src/catalog/load-catalog.js";
import { DefinitionError } from "../src/errors.js";
import { implementedSteps } from "../src/skills/registry.js";
import { repoRoot, runCli } from "./helpers/cli.js";

const roots: string[] = [];
after(async () => Promise.all(roots.map((r) => rm(r, { recursive: true, force: true }))));

const goodSkill = (name: string, extra = "") => `---\nname: ${name}\ndescription: "does ${name} things"\n${extra}---\nbody\n`;
const goodCommand = (extra = "") => `---\ndescription: "a command"\ncategory: "database"\nuses-skills: ["alpha-skill"]\nuses-agents: []\nrelated-commands: []\n${extra}---\nbody\n`;

/** A plugin folder with the given files (path -> content). */
async function pluginWith(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "db-ops-catalog-"));
  roots.push(root);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(root, path, ".."), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return root;
}

async function problemsOf(files: Record<string, string>, options = {}): Promise<string[]> {
  try {
    await loadCatalog(await pluginWith(files), options);
  } catch (error) {
    assert.ok(error instanceof DefinitionError, `expected DefinitionError, got ${String(error)}`);
    assert.equal(error.exitCode, 2);
    return [...error.problems];
  }
  assert.fail("expected the catalog to be refused");
}

describe("catalog", () => {
  it("loads the repository's own definitions and resolves references", async () => {
    const catalog = await loadCatalog(repoRoot, { implementedSteps: implementedSteps() });
    const backup = catalog.commands.get("backup-db");
    assert.ok(backup);
    assert.deepEqual(backup.usesSkills, ["self-reporting-skill", "database-backup-skill"]);
    assert.deepEqual(backup.relatedCommands, ["restore-db", "list-backups", "verify-backup"]);
    assert.deepEqual([...catalog.commands.keys()], ["backup-db", "list-backups", "prune-backups", "restore-db", "verify-backup"]);
    assert.deepEqual(
      backup.steps.map((s) => `${s.skill}/${s.step}`),
      ["database-backup-skill/check-target", "database-backup-skill/dump-database", "database-backup-skill/write-scripts", "database-backup-skill/finalize-backup"],
    );
    assert.equal(catalog.commands.get("restore-db")?.disableModelInvocation, true);
    assert.ok(catalog.skills.get("self-reporting-skill"));
  });

  it("reports malformed YAML with its line", async () => {
    const problems = await problemsOf({
      "skills/alpha-skill/SKILL.md": goodSkill("alpha-skill"),
      "commands/broken.md": `---\ndescription: "ok"\nuses-skills: [alpha-skill\ncategory: x\n---\n`,
    });
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? "", /^commands\/broken\.md:\d+: frontmatter is not valid YAML: /);
  });

  it("reports a missing frontmatter, a missing description, a wrong type and an unknown key, all at once", async () => {
    const problems = await problemsOf({
      "skills/alpha-skill/SKILL.md": goodSkill("alpha-skill"),
      "commands/nofront.md": "# just text\n",
      "commands/nodesc.md": `---\ncategory: "database"\nuses-skills: "alpha-skill"\ndescriptoin: "typo"\n---\n`,
    });
    assert.deepEqual(problems.sort(), [
      `commands/nodesc.md:1: description: missing (expected a non-empty string)`,
      `commands/nodesc.md:3: uses-skills: expected a list of strings, found "alpha-skill"`,
      `commands/nodesc.md:4: descriptoin: unknown key (expected one of: description, category, uses-skills, uses-agents, related-commands, steps, allowed-tools, argument-hint, model, disable-model-invocation)`,
      `commands/nofront.md:1: no frontmatter (expected the file to start with a '---' YAML block, found "# just text")`,
    ]);
  });

  it("names unknown skills, commands and agents with the known ones and the nearest", async () => {
    const problems = await problemsOf({
      "skills/alpha-skill/SKILL.md": goodSkill("alpha-skill"),
      "commands/one.md": goodCommand().replace(`["alpha-skill"]`, `["alpha-skill", "alpah-skill"]`).replace(`related-commands: []`, `related-commands: ["tow"]`).replace("uses-agents: []", `uses-agents: ["helper"]`),
      "commands/two.md": goodCommand(),
    });
    assert.deepEqual(problems, [
      `commands/one.md:4: uses-skills[1]: "alpah-skill" is not a skill (known: alpha-skill); did you mean "alpha-skill"?`,
      `commands/one.md:5: uses-agents[0]: "helper" is not an agent (known: none)`,
      `commands/one.md:6: related-commands[0]: "tow" is not a command (known: one, two); did you mean "two"?`,
    ]);
  });

  it("enforces Claude Code's naming rules and skill name = folder", async () => {
    const problems = await problemsOf({
      "skills/alpha-skill/SKILL.md": goodSkill("alpha-skill"),
      "skills/Beta_Skill/SKILL.md": goodSkill("Beta_Skill"),
      "skills/gamma-skill/SKILL.md": goodSkill("other-name"),
      "commands/Bad_Name.md": goodCommand(),
    });
    assert.deepEqual(problems.sort(), [
      `commands/Bad_Name.md:1: command name "Bad_Name" breaks Claude Code's naming rule (expected 1-64 characters of a-z, 0-9 and -)`,
      `skills/Beta_Skill/SKILL.md:2: name: "Beta_Skill" breaks Claude Code's naming rule (expected 1-64 characters of a-z, 0-9 and -)`,
      `skills/gamma-skill/SKILL.md:2: name: "other-name" must equal its folder name (expected "gamma-skill")`,
    ]);
  });

  it("detects a cycle among skills and prints it as a path", async () => {
    const problems = await problemsOf({
      "skills/alpha-skill/SKILL.md": goodSkill("alpha-skill", `uses-skills: ["beta-skill"]\n`),
      "skills/beta-skill/SKILL.md": goodSkill("beta-skill", `uses-skills: ["gamma-skill"]\n`),
      "skills/gamma-skill/SKILL.md": goodSkill("gamma-skill", `uses-skills: ["alpha-skill"]\n`),
    });
    assert.deepEqual(problems, [`skills/alpha-skill/SKILL.md: uses-skills: cycle alpha-skill -> beta-skill -> gamma-skill -> alpha-skill (expected no skill to depend on itself)`]);
  });

  it("checks steps against the skills a command uses and the functions the runtime implements", async () => {
    const problems = await problemsOf(
      {
        "skills/alpha-skill/SKILL.md": goodSkill("alpha-skill", `steps: ["go", "missing-fn"]\n`),
        "commands/one.md": goodCommand(`steps: ["go", "nope"]\n`),
      },
      { implementedSteps: new Map([["alpha-skill", ["go"]]]) },
    );
    assert.deepEqual(problems, [
      `skills/alpha-skill/SKILL.md:4: steps[1]: "missing-fn" has no step function in the runtime (implemented for alpha-skill: go)`,
      `commands/one.md:7: steps[1]: "nope" is not a step of the skills this command uses (known: go, missing-fn)`,
    ]);
  });

  it("the CLI refuses a broken catalog with exit 2, listing every problem, and runs nothing", async () => {
    const root = await pluginWith({});
    await cp(join(repoRoot, "commands"), join(root, "commands"), { recursive: true });
    await cp(join(repoRoot, "skills"), join(root, "skills"), { recursive: true });
    const file = join(root, "commands/backup-db.md");
    await writeFile(file, (await readFile(file, "utf8")).replace('"database-backup-skill"]', '"databse-backup-skill"]').replace('related-commands: ["restore-db"', 'related-commands: ["restore-dbb"'));
    const r = await runCli(["backup-db", "--url", "postgresql://nobody@127.0.0.1:1/none"], { cwd: root, env: { DB_OPS_PLUGIN_ROOT: root } });
    assert.equal(r.exitCode, 2);
    assert.match(r.stderr, /commands\/backup-db\.md:4: uses-skills\[1\]: "databse-backup-skill" is not a skill \(known: database-backup-skill, database-restore-skill, self-reporting-skill\); did you mean "database-backup-skill"\?/);
    assert.match(r.stderr, /commands\/backup-db\.md:6: related-commands\[0\]: "restore-dbb" is not a command \(known: backup-db, list-backups, prune-backups, restore-db, verify-backup\); did you mean "restore-db"\?/);
    assert.equal(r.stdout, "");
    assert.deepEqual((await readdir(root)).sort(), ["commands", "skills"], "nothing was written");
  });
});
