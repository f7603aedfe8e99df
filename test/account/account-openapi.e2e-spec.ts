import { startTestApp, type TestApp } from '../support/test-app.js';

// The account routes are part of the published contract: each is in the OpenAPI document with its security
// schemes, every error status it answers, and typed responses.

interface Operation {
  security?: Record<string, string[]>[];
  responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>;
}

describe('Account routes in the OpenAPI document', () => {
  let t: TestApp;
  let paths: Record<string, Record<string, Operation>>;

  beforeAll(async () => {
    t = await startTestApp();
    paths = (await t.http.get('/api/docs-json')).body.paths;
  });
  afterAll(() => t.close());

  it.each([
    ['put', '/api/auth/password', ['204', '400', '401', '403', '429']],
    ['post', '/api/auth/email/change', ['202', '400', '401', '403', '429']],
    ['get', '/api/auth/sessions', ['200', '401', '403']],
    ['delete', '/api/auth/sessions/{id}', ['204', '400', '401', '403', '404']],
  ])('%s %s documents its security and statuses %j', (method, path, statuses) => {
    const operation = paths[path]?.[method];
    expect(operation).toBeDefined();
    expect(Object.keys(operation.responses).sort()).toEqual([...statuses].sort());
    const schemes = (operation.security ?? []).flatMap((requirement) => Object.keys(requirement));
    expect(schemes).toEqual(expect.arrayContaining(['bearer', 'cookie']));
  });

  it('types the answers of the sessions list and the email change', () => {
    const schemaOf = (path: string, method: string, status: string) =>
      paths[path][method].responses[status].content?.['application/json'].schema.$ref;
    expect(schemaOf('/api/auth/sessions', 'get', '200')).toMatch(/SessionListResponse$/);
    expect(schemaOf('/api/auth/email/change', 'post', '202')).toMatch(/EmailChangeAcceptedResponse$/);
  });
});
