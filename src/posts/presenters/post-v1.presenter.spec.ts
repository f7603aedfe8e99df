import { excerptOf } from './post-v1.presenter.js';

/** What excerptOf promises: the first 100 code points, as Array.from counts them. */
const byCodePoints = (body: string) => Array.from(body).slice(0, 100).join('');

describe('excerptOf', () => {
  it.each([
    ['empty', ''],
    ['short', 'A short body.'],
    ['exactly 100', 'x'.repeat(100)],
    ['long ASCII', 'word '.repeat(500)],
    ['an emoji across the cut', `${'x'.repeat(99)}😀 and more`],
    ['only emoji', '😀'.repeat(150)],
    ['a lone surrogate', `\ud83d${'y'.repeat(120)}`],
    ['combining marks', 'e\u0301'.repeat(80)],
  ])('keeps the first 100 code points (%s)', (_name, body) => {
    expect(excerptOf(body)).toBe(byCodePoints(body));
  });
});
