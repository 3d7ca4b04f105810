/**
 * Reads a body up to `limit` bytes; null when it is larger, in which case reading stops there and the stream
 * is cancelled (a sender cannot make us buffer more than the limit). `wait` wraps each read, for a caller
 * that puts a time limit on the whole body (the simulator: a server that drips its answer); whatever ends the
 * reading early, a throw included, cancels the stream so its producer stops.
 */
export async function readLimited(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
  wait: <T>(read: Promise<T>) => Promise<T> = (read) => read,
): Promise<Uint8Array | null> {
  if (body === null) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await wait(reader.read());
      if (done) break;
      size += value.byteLength;
      if (size > limit) return null;
      chunks.push(value);
    }
    finished = true;
  } finally {
    if (!finished) void reader.cancel().catch(() => undefined);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
