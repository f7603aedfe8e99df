import { DomainError, errorCatalogue } from './domain-error.js';

class ExampleError extends errorCatalogue({
  example_invalid: 'bad_request',
  example_missing: 'not_found',
  example_declined: 'payment_required',
  example_upstream: 'bad_gateway',
}) {}

describe('error catalogues', () => {
  it('take (code, message, details?) and answer the status of the kind their catalogue gives the code', () => {
    const error = new ExampleError('example_declined', 'Declined.', { reason: 'card' });

    expect(error).toBeInstanceOf(DomainError);
    expect(error).toBeInstanceOf(ExampleError);
    expect(error.name).toBe('ExampleError');
    expect([error.status, error.code, error.message, error.details]).toEqual([
      402,
      'example_declined',
      'Declined.',
      { reason: 'card' },
    ]);
    expect(new ExampleError('example_invalid', 'Bad.').status).toBe(400);
    expect(new ExampleError('example_missing', 'Gone.').status).toBe(404);
    expect(new ExampleError('example_upstream', 'Upstream.').status).toBe(502);
  });

  it('type-check the code: another feature’s code, or message and code swapped, does not compile', () => {
    // The directives below fail `npm run typecheck` if the lines they mark ever compile.
    const refused = [
      // @ts-expect-error a code that is not in ExampleError's catalogue
      () => new ExampleError('not_found', 'Gone.'),
      // @ts-expect-error the message where the code goes
      () => new ExampleError('Gone.', 'example_missing'),
    ];
    expect(refused).toHaveLength(2);
  });
});
