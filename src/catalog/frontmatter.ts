// Splits a Markdown definition into frontmatter and body (gray-matter, yaml engine) and
// remembers the line of every key, so that problems can say file:line.
import matter from "gray-matter";
import { Document, LineCounter, isMap, isScalar, isSeq, parseDocument } from "yaml";

/** Parsed frontmatter: plain data plus the file line of each key and list item. */
export interface Frontmatter {
  readonly data: Record<string, unknown>;
  readonly body: string;
  /** Line (1-based, in the file) of `key` or of `key[index]`. */
  lineOf(key: string, index?: number): number;
}

/** Either frontmatter, or the problems that kept it from parsing. */
export type FrontmatterResult = { ok: true; value: Frontmatter } | { ok: false; problems: string[] };

/** gray-matter's block keeps the newline that ends the opening `---`, so its line N is the file's line N. */
const FIRST_FRONTMATTER_LINE = 2;

/** Parses `text` (the content of `file`, named in problems). */
export function parseFrontmatter(file: string, text: string): FrontmatterResult {
  if (!/^---\r?\n/.test(text)) {
    return { ok: false, problems: [`${file}:1: no frontmatter (expected the file to start with a '---' YAML block, found ${JSON.stringify(text.split("\n", 1)[0] ?? "")})`] };
  }
  const lineCounter = new LineCounter();
  let doc: Document | undefined;
  let body: string;
  try {
    const parsed = matter(text, {
      engines: {
        yaml: (source: string) => {
          doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
          return {};
        },
      },
    });
    body = parsed.content;
  } catch (error) {
    return { ok: false, problems: [`${file}:1: frontmatter could not be read: ${(error as Error).message}`] };
  }
  if (!doc) return { ok: false, problems: [`${file}:1: frontmatter block is not closed with '---'`] };
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const line = e.linePos?.[0]?.line ?? FIRST_FRONTMATTER_LINE;
        return `${file}:${line}: frontmatter is not valid YAML: ${e.message.split("\n")[0]}`;
      }),
    };
  }
  const contents = doc.contents;
  if (contents !== null && !isMap(contents)) {
    return { ok: false, problems: [`${file}:${FIRST_FRONTMATTER_LINE}: frontmatter must be a mapping of keys (found ${isSeq(contents) ? "a list" : "a single value"})`] };
  }
  const lines = new Map<string, number>();
  const toFileLine = (offset: number | undefined) => (offset === undefined ? 1 : lineCounter.linePos(offset).line);
  for (const pair of contents?.items ?? []) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    lines.set(key, toFileLine(isScalar(pair.key) ? pair.key.range?.[0] : undefined));
    if (isSeq(pair.value)) {
      pair.value.items.forEach((item, i) => {
        const range = (item as { range?: [number, number, number] }).range;
        lines.set(`${key}[${i}]`, toFileLine(range?.[0]));
      });
    }
  }
  const data = (doc.toJS() ?? {}) as Record<string, unknown>;
  return {
    ok: true,
    value: {
      data,
      body,
      lineOf: (key, index) => lines.get(index === undefined ? key : `${key}[${index}]`) ?? lines.get(key) ?? 1,
    },
  };
}
