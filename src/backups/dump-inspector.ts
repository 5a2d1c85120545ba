// Watches a plain-format dump as it streams past: counts bytes and the rows of each COPY block,
// and checks that the dump ends with pg_dump's completion trailer (a cut-off dump does not).
import { Transform, type TransformCallback } from "node:stream";

export interface TableRows {
  readonly schema: string;
  readonly name: string;
  readonly rows: number;
}

/** What the inspector saw, complete once the stream has ended. */
export interface DumpFacts {
  readonly bytes: number;
  readonly tables: readonly TableRows[];
  readonly complete: boolean;
}

const NEWLINE = 10;
const HEAD_LIMIT = 1024;
const TAIL_LIMIT = 4096;
const TRAILER = /\n-- PostgreSQL database dump complete\n--\n(?:\s*\n)*(?:\\unrestrict [A-Za-z0-9]+\n(?:\s*\n)*)?$/;

/** Splits `schema.table` as pg_dump writes it (identifiers quoted when needed). */
export function parseQualifiedName(text: string): { schema: string; name: string } | undefined {
  const parts: string[] = [];
  let i = 0;
  while (i < text.length) {
    let part = "";
    if (text[i] === '"') {
      i++;
      while (i < text.length) {
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            part += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        part += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== "." && text[i] !== " ") part += text[i++];
    }
    parts.push(part);
    if (text[i] !== ".") break;
    i++;
  }
  if (parts.length === 2 && parts[0] !== undefined && parts[1] !== undefined) return { schema: parts[0], name: parts[1] };
  return undefined;
}

/** A pass-through stream that records DumpFacts about the plain SQL flowing through it. */
export class DumpInspector extends Transform {
  private bytes = 0;
  private readonly tables: TableRows[] = [];
  private current: { schema: string; name: string; rows: number } | undefined;
  /** The start of the line in progress (first HEAD_LIMIT bytes), carried across chunks. */
  private head: Buffer = Buffer.alloc(0);
  private tail: Buffer = Buffer.alloc(0);

  /** Bytes of SQL seen so far. */
  get bytesSeen(): number {
    return this.bytes;
  }

  /** The facts so far; final after 'finish'. */
  facts(): DumpFacts {
    return { bytes: this.bytes, tables: [...this.tables], complete: TRAILER.test(this.tail.toString("utf8")) };
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    this.scan(chunk);
    // Copy the tail: holding a view would keep the whole chunk alive.
    this.tail = Buffer.from(chunk.length >= TAIL_LIMIT ? chunk.subarray(-TAIL_LIMIT) : Buffer.concat([this.tail, chunk]).subarray(-TAIL_LIMIT));
    callback(null, chunk);
  }

  private scan(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(NEWLINE, start);
      if (nl === -1) {
        if (this.head.length < HEAD_LIMIT) this.head = Buffer.concat([this.head, chunk.subarray(start, Math.min(chunk.length, start + HEAD_LIMIT - this.head.length))]);
        return;
      }
      if (this.head.length === 0) this.line(chunk, start, nl);
      else {
        const joined = Buffer.concat([this.head, chunk.subarray(start, Math.min(nl, start + HEAD_LIMIT))]);
        this.head = Buffer.alloc(0);
        this.line(joined, 0, joined.length);
      }
      start = nl + 1;
    }
  }

  private line(buf: Buffer, start: number, end: number): void {
    const current = this.current;
    if (current) {
      if (end - start === 2 && buf[start] === 0x5c && buf[start + 1] === 0x2e) {
        this.tables.push(current);
        this.current = undefined;
      } else current.rows++;
      return;
    }
    // "COPY " at the start of a line outside a COPY block opens one.
    if (buf[start] === 0x43 && buf[start + 1] === 0x4f && buf[start + 2] === 0x50 && buf[start + 3] === 0x59 && buf[start + 4] === 0x20) {
      const text = buf.toString("utf8", start + 5, Math.min(end, start + HEAD_LIMIT));
      if (/ FROM stdin;$/.test(text) || text.length >= HEAD_LIMIT - 5) {
        const name = parseQualifiedName(text);
        if (name) this.current = { ...name, rows: 0 };
      }
    }
  }
}
