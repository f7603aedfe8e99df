// Small async-iterable helpers so that uploads are read once, in order, and never buffered whole.

/** Passes chunks through and throws `tooLarge()` as soon as more than `maxBytes` went by. */
export async function* limitBytes(
  source: AsyncIterable<Uint8Array>,
  maxBytes: number,
  tooLarge: () => Error,
): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.byteLength;
    if (total > maxBytes) throw tooLarge();
    yield chunk;
  }
}

/**
 * Reads at least `length` bytes from the start of `source` (fewer if it ends first) and returns them with a
 * stream that yields the whole content again, those first bytes included.
 */
export async function peekBytes(
  source: AsyncIterable<Uint8Array>,
  length: number,
): Promise<{ head: Buffer; body: AsyncIterable<Uint8Array> }> {
  const iterator = source[Symbol.asyncIterator]();
  const chunks: Uint8Array[] = [];
  let read = 0;
  let done = false;
  while (read < length) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    chunks.push(next.value);
    read += next.value.byteLength;
  }
  const head = Buffer.concat(chunks);
  async function* body(): AsyncGenerator<Uint8Array> {
    if (head.length > 0) yield head;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head: head.subarray(0, length), body: body() };
}
