// Reads the agent's input a line at a time, whether a person types at a terminal (prompt, tab
// completion) or a script pipes lines in; a confirmation simply reads the next line.
import { createInterface, type Completer } from "node:readline";

export interface LineReader {
  /** The next line, or undefined at the end of input. */
  next(prompt?: string): Promise<string | undefined>;
  close(): void;
}

export function lineReader(input: NodeJS.ReadableStream & { isTTY?: boolean }, output: NodeJS.WritableStream, completer: Completer): LineReader {
  const terminal = input.isTTY === true;
  const rl = createInterface({ input, output, terminal, completer, historySize: terminal ? 100 : 0 });
  const lines: string[] = [];
  const waiting: ((line: string | undefined) => void)[] = [];
  let ended = false;
  rl.on("line", (line) => {
    const waiter = waiting.shift();
    if (waiter) waiter(line);
    else lines.push(line);
  });
  rl.on("close", () => {
    ended = true;
    for (const waiter of waiting.splice(0)) waiter(undefined);
  });
  return {
    next(prompt) {
      if (prompt !== undefined) {
        if (terminal) {
          rl.setPrompt(prompt);
          rl.prompt();
        } else output.write(prompt);
      }
      const line = lines.shift();
      if (line !== undefined) return Promise.resolve(line);
      if (ended) return Promise.resolve(undefined);
      return new Promise((resolve) => waiting.push(resolve));
    },
    close: () => rl.close(),
  };
}
