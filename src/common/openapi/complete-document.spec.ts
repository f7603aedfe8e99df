import type { OpenAPIObject } from '@nestjs/swagger';
import { completeDocument } from './complete-document.js';

const conventions = {
  schemes: { bearer: 'bearer', cookie: 'cookie', apiKey: 'api-key' },
  unlimitedPaths: /^\/health/,
};

function documentWith(operation: Record<string, unknown>, path = '/api/things/{id}', method = 'delete') {
  return {
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: {
      [path]: {
        [method]: { operationId: 'Things_remove', responses: { 204: { description: 'Gone' } }, ...operation },
      },
    },
    components: { schemas: {} },
  } as unknown as OpenAPIObject;
}

const codesOf = (document: OpenAPIObject, status: string, path = '/api/things/{id}', method = 'delete') => {
  const response = (document.paths[path] as Record<string, any>)[method].responses[status];
  return response?.content['application/json'].schema.allOf[1].properties.error.properties.code.enum;
};

describe('completeDocument', () => {
  it('turns the auth marks into security and the 401/403 codes that follow, then drops the marks', () => {
    const document = completeDocument(
      documentWith({ 'x-hearth-person-only': true, 'x-hearth-roles': ['admin'] }),
      conventions,
    );
    const operation = (document.paths['/api/things/{id}'] as Record<string, any>).delete;

    expect(operation.security).toEqual([{ bearer: [] }, { cookie: [] }]);
    expect(codesOf(document, '401')).toEqual(['invalid_api_key', 'invalid_token', 'unauthenticated']);
    expect(codesOf(document, '403')).toEqual(['api_key_forbidden', 'csrf_failed', 'forbidden']);
    expect(Object.keys(operation).filter((key) => key.startsWith('x-hearth'))).toEqual([]);
  });

  it('lets public operations be called without credentials, and never answer unauthenticated', () => {
    const document = completeDocument(
      documentWith({ 'x-hearth-public': true }, '/api/things', 'get'),
      conventions,
    );
    const operation = (document.paths['/api/things'] as Record<string, any>).get;

    expect(operation.security).toEqual([{}, { bearer: [] }, { cookie: [] }, { 'api-key': [] }]);
    expect(codesOf(document, '401', '/api/things', 'get')).toEqual(['invalid_api_key', 'invalid_token']);
  });

  it('adds the route’s own codes to the shared ones of the same status', () => {
    const errors = [
      { status: 404, code: 'thing_missing' },
      { status: 400, code: 'thing_invalid' },
    ];
    const document = completeDocument(
      documentWith({
        'x-hearth-errors': errors,
        parameters: [{ in: 'path', name: 'id', schema: { type: 'number' } }],
      }),
      conventions,
    );

    expect(codesOf(document, '400')).toEqual([
      'bad_request',
      'malformed_body',
      'thing_invalid',
      'validation_failed',
    ]);
    expect(codesOf(document, '404')).toEqual(['not_found', 'thing_missing']);
  });

  it('refuses a link to an operation the document does not have', () => {
    const links = {
      status: 204,
      links: { get: { operation: 'Things_get', parameters: { id: '$response.body#/id' } } },
    };

    expect(() => completeDocument(documentWith({ 'x-hearth-links': links }), conventions)).toThrow(
      'A link names no operation: Things_get',
    );
  });
});
