import { readFileSync } from 'node:fs';
import { type ContractDocument, OpenApiContract } from '../support/openapi-contract.js';
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

describe('The response check every HttpClient request makes', () => {
  const contract = new OpenApiContract(committed);
  const observe = (method: string, path: string, status: number, body: unknown, headers = {}) => ({
    method,
    url: new URL(path, 'http://127.0.0.1'),
    requestHeaders: headers,
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body,
    text: body === undefined ? '' : JSON.stringify(body),
  });
  const post = {
    id: 7,
    title: 'Hello',
    body: 'World',
    likes: 0,
    comments_count: 0,
    published: true,
    inserted_at: '2026-01-31T12:00:00.000Z',
  };

  it('accepts a documented status with a body its schema describes', () => {
    expect(contract.violationOf(observe('GET', '/api/v1/posts/7', 200, post))).toBeUndefined();
    expect(contract.violationOf(observe('DELETE', '/api/v1/posts/7', 204, undefined))).toBeUndefined();
  });

  it('refuses a status the operation does not document', () => {
    expect(contract.violationOf(observe('GET', '/api/v1/posts/7', 500, { error: {} }))).toMatch(
      /answered 500, which the document does not list/,
    );
  });

  it('refuses a body that breaks the schema: a missing field, a wrong type, an undocumented error code', () => {
    const { likes: _likes, ...withoutLikes } = post;

    expect(contract.violationOf(observe('GET', '/api/v1/posts/7', 200, withoutLikes))).toMatch(/likes/);
    expect(contract.violationOf(observe('GET', '/api/v1/posts/7', 200, { ...post, id: '7' }))).toMatch(
      /must be integer/,
    );
    const unknownCode = { error: { code: 'cart_empty', message: 'No.' } };
    expect(contract.violationOf(observe('GET', '/api/v1/posts/7', 404, unknownCode))).toMatch(
      /allowed values/,
    );
  });

  it('routes header-versioned paths as the server does, and refuses routes the document does not know', () => {
    const v2 = { data: { type: 'post', id: '7', attributes: {} } };

    expect(
      contract.violationOf(
        observe('GET', '/api/posts/7', 200, v2, { accept: 'application/vnd.hearth.v2+json' }),
      ),
    ).toMatch(/PostsV2|attributes/);
    expect(contract.violationOf(observe('GET', '/api/posts/7', 200, post))).toBeUndefined();
    expect(contract.violationOf(observe('GET', '/api/nowhere', 200, {}))).toMatch(
      /no operation in openapi.json/,
    );
    expect(
      contract.violationOf(
        observe('GET', '/api/nowhere', 404, { error: { code: 'not_found', message: 'No.' } }),
      ),
    ).toBeUndefined();
  });
});
