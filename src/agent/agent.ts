// db-ops agent: a line-oriented prompt. /commands from the catalog run locally with no network;
// other text goes to Claude, which can run the same commands as tools.
import type { Catalog } from "../catalog/types.js";
import { commandHelp, listCommands } from "../cli/help.js";
import { parseOptions } from "../cli/parse-options.js";
import { progressLine, renderResult, resultAsJson } from "../cli/render.js";
import { asDbOpsError } from "../errors.js";
import { toolVersion } from "../package-info.js";
import { commandOptions } from "../runtime/command-options.js";
import { runCommand } from "../runtime/run-command.js";
import type { OptionValues, RunResult, SkillImplementation } from "../runtime/types.js";
import { nearest } from "../suggest.js";
import { ClaudeChat } from "./claude-chat.js";
import { lineReader } from "./line-reader.js";
import { shellWords } from "./shell-words.js";

export interface AgentIO {
  readonly input: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly output: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly signal?: AbortSignal;
}

const BUILTINS = ["help", "commands", "exit"];

function helpText(catalog: Catalog): string {
  const commands = [...catalog.commands.values()];
  const width = Math.max(...commands.map((c) => c.name.length), 9) + 3;
  return [
    "Commands (they run here; no API key or network needed):",
    ...commands.flatMap((c) => [`  /${c.name.padEnd(width)}${c.description}`, ...(c.relatedCommands.length > 0 ? [`   ${"".padEnd(width)}related: ${c.relatedCommands.map((r) => `/${r}`).join(", ")}`] : [])]),
    `  ${"/commands".padEnd(width + 1)}every command with its category, skills and related commands`,
    `  ${"/help".padEnd(width + 1)}this help`,
    `  ${"/exit".padEnd(width + 1)}leave`,
    "Type /<command> --help for its options. Anything else goes to Claude (with ANTHROPIC_API_KEY), which can run these commands for you.",
  ].join("\n");
}

/** Runs the agent until /exit or the end of input; returns the exit code. */
export async function runAgent(io: AgentIO, catalog: Catalog, implementations: ReadonlyMap<string, SkillImplementation>): Promise<number> {
  const names = [...catalog.commands.keys()];
  const completions = [...names, ...BUILTINS].map((n) => `/${n}`).sort();
  const reader = lineReader(io.input, io.output, (line: string) => {
    if (!line.startsWith("/") || line.includes(" ")) return [[], line];
    const hits = completions.filter((c) => c.startsWith(line));
    return [hits.length > 0 ? hits : completions, line];
  });
  const print = (text: string) => io.output.write(`${text}\n`);
  const confirm = async (question: string) => /^y(es)?$/i.test(((await reader.next(`${question} [y/N] `)) ?? "").trim());
  const run = (name: string, options: OptionValues): Promise<RunResult> =>
    runCommand({
      catalog,
      implementations,
      command: name,
      options,
      cwd: io.cwd,
      env: io.env,
      triggeredBy: "agent",
      confirm,
      ...(io.signal ? { signal: io.signal } : {}),
      progress: (p) => {
        if (io.output.isTTY) io.output.write(progressLine(p));
      },
    });
  const chat = new ClaudeChat({ env: io.env, catalog, implementations, runTool: run, confirm, print, asJson: resultAsJson });

  print(`db-ops agent ${toolVersion()}: /help lists the commands, /exit leaves.`);
  for (;;) {
    const line = await reader.next("db-ops> ");
    if (line === undefined) break;
    const text = line.trim();
    if (!text) continue;
    if (!text.startsWith("/")) {
      if (chat.available()) await chat.send(text);
      else print("Free text goes to Claude, which needs ANTHROPIC_API_KEY (not set); the /commands work without it: /help lists them.");
      continue;
    }
    try {
      const [name = "", ...args] = shellWords(text.slice(1));
      if (name === "exit" || name === "quit") break;
      if (name === "help") print(helpText(catalog));
      else if (name === "commands") print(listCommands(catalog));
      else if (catalog.commands.has(name)) {
        const command = catalog.commands.get(name);
        if (!command) continue;
        const specs = commandOptions(command, implementations);
        const { values, positionals } = parseOptions(name, args, specs);
        if (values.help === true) print(commandHelp(command, specs));
        else if (positionals.length > 0) print(`/${name}: unexpected argument "${positionals[0]}" (see /${name} --help)`);
        else {
          const result = await run(name, values);
          if (io.output.isTTY) io.output.write("\r\u001b[K");
          const shown = renderResult(result, command, implementations, values.json === true);
          io.output.write(shown.stdout + shown.stderr);
          if (command.relatedCommands.length > 0) print(`Related: ${command.relatedCommands.map((r) => `/${r}`).join(", ")}`);
        }
      } else {
        const guess = nearest(name, [...names, ...BUILTINS]);
        print(`Unknown command /${name}.${guess ? ` Did you mean /${guess}?` : ""} /help lists them.`);
      }
    } catch (error) {
      const e = asDbOpsError(error);
      print(`❌ ${e.message}${e.hint ? `\n   what to do: ${e.hint}` : ""}`);
    }
  }
  reader.close();
  return 0;
}
