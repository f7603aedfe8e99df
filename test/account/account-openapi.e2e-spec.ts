import { startTestApp, type TestApp } from '../support/test-app.js';

// The account routes are part of the published contract: each is in the OpenAPI document for people only (bearer
// or cookie, no API key), with the error codes it answers beyond those every route shares, and typed answers.

interface Operation {
  security?: Record<string, string[]>[];
  responses: Record<
    string,
    { content?: Record<string, { schema: { $ref?: string; properties?: Record<string, unknown> } }> }
  >;
}

describe('Account routes in the OpenAPI document', () => {
  let t: TestApp;
  let paths: Record<string, Record<string, Operation>>;

  beforeAll(async () => {
    t = await startTestApp();
    paths = (await t.http.get('/api/docs-json')).body.paths;
  });
  afterAll(() => t.close());

  const codesOf = (operation: Operation, status: string) =>
    JSON.stringify(operation.responses[status]?.content?.['application/json']?.schema ?? {});

  it.each([
    ['put', '/api/auth/password', '204', { 401: 'invalid_credentials', 403: 'reauthentication_required' }],
    [
      'post',
      '/api/auth/email/change',
      '202',
      { 401: 'invalid_credentials', 403: 'reauthentication_required' },
    ],
    ['get', '/api/auth/sessions', '200', { 403: 'api_key_forbidden' }],
    ['delete', '/api/auth/sessions/{id}', '204', { 404: 'session_not_found', 403: 'api_key_forbidden' }],
  ])('%s %s: people only, %s, and its own errors', (method, path, success, errors) => {
    const operation = paths[path]?.[method];
    expect(operation).toBeDefined();
    expect(operation.responses[success]).toBeDefined();
    const schemes = (operation.security ?? []).flatMap((requirement) => Object.keys(requirement));
    expect(schemes.sort()).toEqual(['bearer', 'cookie']);
    for (const [status, code] of Object.entries(errors)) expect(codesOf(operation, status)).toContain(code);
  });

  it('types the answers of the sessions list and the email change', () => {
    const schemaOf = (path: string, method: string, status: string) =>
      paths[path][method].responses[status].content?.['application/json'].schema.$ref;
    expect(schemaOf('/api/auth/sessions', 'get', '200')).toMatch(/SessionListResponse$/);
    expect(schemaOf('/api/auth/email/change', 'post', '202')).toMatch(/MessageResponse$/);
  });
});
