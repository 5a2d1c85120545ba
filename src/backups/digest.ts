// sha256 and byte counts: of a file on disk, or of bytes as they stream past.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";

/** A file's size and sha256 (hex). */
export interface FileDigest {
  readonly bytes: number;
  readonly sha256: string;
}

/** A pass-through stream that hashes and counts what flows through it. */
export class DigestStream extends Transform {
  private readonly hash = createHash("sha256");
  private count = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.count += chunk.length;
    callback(null, chunk);
  }

  /** The digest of everything seen; call once, after the stream has finished. */
  digest(): FileDigest {
    return { bytes: this.count, sha256: this.hash.digest("hex") };
  }
}

/** Reads `path` once and returns its size and sha256. */
export async function digestFile(path: string): Promise<FileDigest> {
  const digest = new DigestStream();
  await pipeline(createReadStream(path), digest, async function* drain(source) {
    for await (const _ of source) {
      // consumed only for the digest
    }
  });
  return digest.digest();
}
