import { sqlstateClassOf } from './query-error-counting.js';

describe('sqlstateClassOf', () => {
  it.each([
    ['a unique violation', { code: '23505' }, '23'],
    ['a statement timeout', { code: '57014' }, '57'],
    ['a server shutting down', { code: '57P01' }, '57'],
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      'connection',
    ],
    ['a connection closed without a code', new Error('Connection terminated unexpectedly'), 'connection'],
    ['something that is not an error', null, 'connection'],
  ])('files %s under %s', (_case, error, expected) => {
    expect(sqlstateClassOf(error)).toBe(expected);
  });
});
