// A stand-in for the Anthropic Messages API on localhost (no API is reachable here): it records
// every request and answers with the next scripted reply, as SSE when the client streams.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One scripted answer: text, a tool call, a raw HTTP error, or a malformed body. */
export type Reply =
  | { readonly text: string }
  | { readonly toolUse: { readonly name: string; readonly input: Record<string, unknown> }; readonly text?: string }
  | { readonly httpError: number; readonly body?: string }
  | { readonly malformed: string };

export interface RecordedRequest {
  readonly path: string;
  readonly body: any;
}

export interface MessagesStandin {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Requests to /v1/messages (not token counting or other endpoints). */
  messages(): RecordedRequest[];
  close(): Promise<void>;
}

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function content(reply: Reply): any[] {
  if ("toolUse" in reply) {
    return [...(reply.text ? [{ type: "text", text: reply.text }] : []), { type: "tool_use", id: `toolu_${Math.random().toString(36).slice(2, 12)}`, name: reply.toolUse.name, input: reply.toolUse.input }];
  }
  return "text" in reply ? [{ type: "text", text: reply.text }] : [];
}

function message(reply: Reply, model: string) {
  return {
    id: `msg_${Math.random().toString(36).slice(2, 12)}`,
    type: "message",
    role: "assistant",
    model,
    content: content(reply),
    stop_reason: "toolUse" in reply ? "tool_use" : "end_turn",
    stop_sequence: null,
    usage: { input_tokens: 10, output_tokens: 10, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
  };
}

/** The SSE events of a streamed message, as the Messages API sends them. */
function sse(msg: ReturnType<typeof message>): string {
  const events: [string, unknown][] = [["message_start", { type: "message_start", message: { ...msg, content: [], stop_reason: null, usage: { ...msg.usage, output_tokens: 0 } } }]];
  msg.content.forEach((block: any, index: number) => {
    if (block.type === "text") {
      events.push(["content_block_start", { type: "content_block_start", index, content_block: { type: "text", text: "" } }]);
      events.push(["content_block_delta", { type: "content_block_delta", index, delta: { type: "text_delta", text: block.text } }]);
    } else {
      events.push(["content_block_start", { type: "content_block_start", index, content_block: { ...block, input: {} } }]);
      events.push(["content_block_delta", { type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json: JSON.stringify(block.input) } }]);
    }
    events.push(["content_block_stop", { type: "content_block_stop", index }]);
  });
  events.push(["message_delta", { type: "message_delta", delta: { stop_reason: msg.stop_reason, stop_sequence: null }, usage: { output_tokens: msg.usage.output_tokens } }]);
  events.push(["message_stop", { type: "message_stop" }]);
  return events.map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`).join("");
}

/** Starts the stand-in; `replies` are used in order, then `fallback` for every later message. */
export async function startMessagesStandin(replies: Reply[], fallback: Reply = { text: "OK." }): Promise<MessagesStandin> {
  const requests: RecordedRequest[] = [];
  const queue = [...replies];
  const server: Server = createServer(async (req, res) => {
    const raw = await read(req);
    let body: any = raw;
    try {
      body = raw ? JSON.parse(raw) : {};
    } catch {
      // keep the raw text
    }
    const path = (req.url ?? "").split("?")[0] ?? "";
    requests.push({ path, body });
    if (path.endsWith("/v1/messages/count_tokens")) {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ input_tokens: 10 }));
      return;
    }
    if (!path.endsWith("/v1/messages")) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ type: "error", error: { type: "not_found_error", message: "not here" } }));
      return;
    }
    const reply = queue.shift() ?? fallback;
    if ("httpError" in reply) {
      res.writeHead(reply.httpError, { "content-type": "application/json" }).end(reply.body ?? JSON.stringify({ type: "error", error: { type: "api_error", message: "stand-in failure" } }));
      return;
    }
    if ("malformed" in reply) {
      res.writeHead(200, { "content-type": "application/json" }).end(reply.malformed);
      return;
    }
    const msg = message(reply, typeof body?.model === "string" ? body.model : "claude-stand-in");
    if (body?.stream) {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" }).end(sse(msg));
    } else {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(msg));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    messages: () => requests.filter((r) => r.path.endsWith("/v1/messages")),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
