import { readFileSync } from 'node:fs';
import type { ContractDocument } from '../support/openapi-contract.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const committed = JSON.parse(
  readFileSync(new URL('../../openapi.json', import.meta.url), 'utf8'),
) as ContractDocument & { components: { securitySchemes: object } };

type Operation = {
  security?: Record<string, string[]>[];
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  responses: Record<string, { content?: Record<string, { schema?: object }> }>;
};

function operations(): [string, Operation][] {
  return Object.entries(committed.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]): [string, Operation] => [
      `${method.toUpperCase()} ${path}`,
      operation as Operation,
    ]),
  );
}

describe('The committed OpenAPI document (openapi.json)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('is the document the app serves: after a contract change, run `npm run openapi` and commit the result', async () => {
    const served = await t.http.get('/api/docs-json');

    expect(served.status).toBe(200);
    expect(served.body).toEqual(committed);
  });

  it('documents a success with a named schema, the errors and the security of every operation', () => {
    const gaps = operations().flatMap(([name, operation]) => {
      const found: string[] = [];
      const statuses = Object.keys(operation.responses).map(Number);
      const successes = statuses.filter((status) => status < 400);
      if (successes.length === 0) found.push('no success response');
      for (const status of successes.filter((s) => s < 300 && s !== 204)) {
        const schema = Object.values(operation.responses[status].content ?? {})[0]?.schema as
          { $ref?: string; type?: string } | undefined;
        if (!schema?.$ref && schema?.type !== 'string') found.push(`${status} without a named schema`);
      }
      for (const status of statuses.filter((s) => s >= 400)) {
        const schema = JSON.stringify(
          operation.responses[status].content?.['application/json']?.schema ?? {},
        );
        if (!schema.includes('#/components/schemas/ErrorResponse'))
          found.push(`${status} not the error schema`);
      }
      if (!statuses.includes(429) && !name.includes(' /health')) found.push('no 429');
      if (!operation.security || operation.security.length === 0) found.push('no security');
      return found.map((gap) => `${name}: ${gap}`);
    });

    expect(gaps).toEqual([]);
  });

  it('closes every JSON request body (additionalProperties: false)', () => {
    const open = operations().flatMap(([name, operation]) => {
      const ref = operation.requestBody?.content['application/json']?.schema.$ref;
      if (!ref) return [];
      const schema = committed.components.schemas[ref.split('/').pop()!] as {
        additionalProperties?: boolean;
      };
      return schema.additionalProperties === false ? [] : [name];
    });

    expect(open).toEqual([]);
  });

  it('describes the SSE stream as text/event-stream with one optional Last-Event-ID header', () => {
    const events = committed.paths['/api/v2/posts/events'].get as unknown as {
      parameters: { in: string; name: string; required: boolean }[];
      responses: Record<string, { content: Record<string, unknown> }>;
    };
    const headers = events.parameters.filter((p) => p.in === 'header' && /last-event-id/i.test(p.name));

    expect(Object.keys(events.responses['200'].content)).toEqual(['text/event-stream']);
    expect(headers).toEqual([expect.objectContaining({ name: 'Last-Event-ID', required: false })]);
  });
});
