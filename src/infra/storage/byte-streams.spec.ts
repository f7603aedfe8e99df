import { limitBytes, peekBytes } from './byte-streams.js';

async function* chunks(...parts: string[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield Buffer.from(part);
}

async function collect(source: AsyncIterable<Uint8Array>): Promise<string> {
  const out: Uint8Array[] = [];
  for await (const chunk of source) out.push(chunk);
  return Buffer.concat(out).toString();
}

describe('peekBytes', () => {
  it('returns the first bytes across chunks and still yields the whole content', async () => {
    const { head, body } = await peekBytes(chunks('ab', 'cd', 'ef'), 3);
    expect(head.toString()).toBe('abc');
    expect(await collect(body)).toBe('abcdef');
  });

  it('returns what there is when the content is shorter than asked', async () => {
    const { head, body } = await peekBytes(chunks('ab'), 10);
    expect(head.toString()).toBe('ab');
    expect(await collect(body)).toBe('ab');
  });
});

describe('limitBytes', () => {
  const tooLarge = () => new Error('too large');

  it('lets content up to the limit through unchanged', async () => {
    expect(await collect(limitBytes(chunks('abc', 'de'), 5, tooLarge))).toBe('abcde');
  });

  it('throws as soon as one byte more than the limit arrives', async () => {
    await expect(collect(limitBytes(chunks('abc', 'def', 'never read'), 5, tooLarge))).rejects.toThrow(
      'too large',
    );
  });
});
