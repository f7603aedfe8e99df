import { ParseIdPipe } from './parse-id.pipe.js';

describe('ParseIdPipe', () => {
  const pipe = new ParseIdPipe();

  it.each([
    ['1', 1],
    ['128', 128],
    ['0', 0],
    ['2147483647', 2_147_483_647],
  ])('reads the canonical decimal %s as %d', (text, id) => {
    expect(pipe.transform(text)).toBe(id);
  });

  it.each([
    '128.0',
    '+128',
    '0128',
    '00',
    '128e0',
    '1e2',
    ' 128',
    '128 ',
    '0x80',
    '-1',
    '',
    'abc',
    '1234567890123456',
  ])('refuses %j with 400 validation_failed naming the id', (text) => {
    expect(() => pipe.transform(text)).toThrow(
      expect.objectContaining({
        status: 400,
        code: 'validation_failed',
        details: [{ field: 'id', message: 'id must be a positive integer' }],
      }),
    );
  });

  it('answers 404 for a well-formed id beyond int4: it names no row', () => {
    expect(() => pipe.transform('2147483648')).toThrow(
      expect.objectContaining({ status: 404, code: 'not_found' }),
    );
  });
});
