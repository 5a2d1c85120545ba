// Free text goes to Claude through @anthropic-ai/sdk (imported only when first needed), with the
// catalog's commands offered as tools. Claude's tool calls run the same runtime; destructive ones
// ask the user first; results go back as tool results and the conversation continues.
import type Anthropic from "@anthropic-ai/sdk";
import type { Catalog } from "../catalog/types.js";
import type { RunResult, SkillImplementation } from "../runtime/types.js";
import { catalogTools, isDestructive, toolInputToOptions, type ToolDefinition } from "./claude-tools.js";

/** The default model; DB_OPS_MODEL overrides it. */
export const DEFAULT_MODEL = "claude-sonnet-4-5";
const MAX_TOOL_ROUNDS = 8;

export interface ChatDeps {
  readonly env: NodeJS.ProcessEnv;
  readonly catalog: Catalog;
  readonly implementations: ReadonlyMap<string, SkillImplementation>;
  /** Runs a catalog command with already-validated options. */
  runTool(name: string, options: Record<string, string | boolean>): Promise<RunResult>;
  confirm(question: string): Promise<boolean>;
  print(text: string): void;
  /** Renders a result as JSON for the tool result (the same object --json prints). */
  asJson(result: RunResult): unknown;
}

type Message = Anthropic.MessageParam;

const SYSTEM = `You are the assistant of db-ops, a tool for trustworthy PostgreSQL backups and restores.
Run db-ops commands with the tools you are given; do not invent results. Commands that replace or
delete data ask the user for confirmation themselves. After a command, tell the user in a few
lines what it reported, and mention related commands where they help.`;

/** A one-line explanation of why Claude could not answer. */
function explain(error: unknown, baseUrl: string | undefined): string {
  const e = error as { status?: number; message?: string; name?: string };
  if (typeof e.status === "number") return `Claude API error (HTTP ${e.status}): ${(e.message ?? "").split("\n")[0]}`;
  if (e.name === "APIConnectionError" || e.name === "APIConnectionTimeoutError") return `cannot reach the Claude API${baseUrl ? ` at ${baseUrl}` : ""}: ${e.message ?? ""}`;
  return `Claude's reply could not be used: ${(e.message ?? String(error)).split("\n")[0]}`;
}

export class ClaudeChat {
  private readonly messages: Message[] = [];
  private client: Anthropic | undefined;
  private readonly tools: ToolDefinition[];

  constructor(private readonly deps: ChatDeps) {
    this.tools = catalogTools(deps.catalog, deps.implementations);
  }

  /** Whether free text can go to Claude at all. */
  available(): boolean {
    return Boolean(this.deps.env.ANTHROPIC_API_KEY);
  }

  private async connect(): Promise<Anthropic> {
    if (!this.client) {
      const { default: AnthropicClient } = await import("@anthropic-ai/sdk");
      this.client = new AnthropicClient({
        apiKey: this.deps.env.ANTHROPIC_API_KEY ?? null,
        ...(this.deps.env.ANTHROPIC_BASE_URL ? { baseURL: this.deps.env.ANTHROPIC_BASE_URL } : {}),
        maxRetries: 1,
        timeout: 120_000,
      });
    }
    return this.client;
  }

  /** Sends the user's text and carries the conversation through any tool calls. Never throws. */
  async send(text: string): Promise<void> {
    const turnStart = this.messages.length;
    this.messages.push({ role: "user", content: text });
    try {
      const client = await this.connect();
      for (let round = 0; round < MAX_TOOL_ROUNDS; round++) {
        const reply = await client.messages.create({
          model: this.deps.env.DB_OPS_MODEL || DEFAULT_MODEL,
          max_tokens: 2048,
          system: SYSTEM,
          tools: this.tools as unknown as Anthropic.Tool[],
          messages: this.messages,
        });
        if (!reply || !Array.isArray(reply.content)) throw new Error("the reply has no content list");
        this.messages.push({ role: "assistant", content: reply.content });
        for (const block of reply.content) if (block.type === "text" && block.text.trim()) this.deps.print(block.text.trim());
        const calls = reply.content.filter((b): b is Anthropic.ToolUseBlock => b.type === "tool_use");
        if (reply.stop_reason !== "tool_use" || calls.length === 0) return;
        const results: Anthropic.ToolResultBlockParam[] = [];
        for (const call of calls) results.push(await this.runCall(call));
        this.messages.push({ role: "user", content: results });
      }
      this.deps.print(`(stopped after ${MAX_TOOL_ROUNDS} rounds of tool calls)`);
    } catch (error) {
      // Forget the failed turn, so that the conversation stays well-formed for the next one.
      this.messages.splice(turnStart);
      this.deps.print(`⚠️  ${explain(error, this.deps.env.ANTHROPIC_BASE_URL)}`);
    }
  }

  private async runCall(call: Anthropic.ToolUseBlock): Promise<Anthropic.ToolResultBlockParam> {
    const fail = (content: string): Anthropic.ToolResultBlockParam => ({ type: "tool_result", tool_use_id: call.id, content, is_error: true });
    const tool = this.tools.find((t) => t.name === call.name);
    const command = this.deps.catalog.commands.get(call.name);
    if (!tool || !command) return fail(`unknown tool "${call.name}"`);
    const options = toolInputToOptions(tool, call.input);
    if (typeof options === "string") return fail(options);
    const shown = Object.entries(options).map(([k, v]) => (v === true ? `--${k}` : `--${k} ${String(v)}`)).join(" ");
    this.deps.print(`▶ /${call.name}${shown ? ` ${shown}` : ""}`);
    const approved = isDestructive(command) ? await this.deps.confirm(`Claude wants to run /${call.name}${shown ? ` ${shown}` : ""}, which can replace or delete data. Allow it?`) : true;
    if (!approved) return fail("The user declined; nothing was run.");
    const result = await this.deps.runTool(call.name, { ...options, ...(isDestructive(command) ? { yes: true } : {}) });
    return { type: "tool_result", tool_use_id: call.id, content: JSON.stringify(this.deps.asJson(result)), ...(result.ok ? {} : { is_error: true }) };
  }
}
