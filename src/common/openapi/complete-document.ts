import type {
  OpenAPIObject,
  OperationObject,
  PathItemObject,
  ParameterObject,
  ReferenceObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger';
import { MAX_INT4 } from '../validation/ids.js';
import { ERROR_RESPONSE_SCHEMA, errorResponseSchema, errorSchemaWithCodes } from './error-schema.js';
import {
  type DocumentedError,
  ERRORS_EXTENSION,
  LINKS_EXTENSION,
  PERSON_ONLY_EXTENSION,
  PUBLIC_EXTENSION,
  ROLES_EXTENSION,
  SKIP_ETAG_EXTENSION,
} from './operation-extensions.js';
import type { ResourceLink } from './api-success.decorator.js';

/** What the document cannot read from the controllers: scheme names and the routes without rate limits. */
export interface DocumentConventions {
  schemes: { bearer: string; cookie: string; apiKey: string };
  unlimitedPaths: RegExp;
}

interface Marks {
  public: boolean;
  personOnly: boolean;
  roles?: string[];
  errors: DocumentedError[];
  links?: { status: number; links: Record<string, ResourceLink> };
  skipEtag: boolean;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;
const BODY_METHODS = new Set(['post', 'put', 'patch', 'delete']);
const ID_SCHEMA: SchemaObject = { type: 'integer', minimum: 1, maximum: MAX_INT4 };

function takeMarks(operation: OperationObject): Marks {
  const raw = operation as unknown as Record<string, unknown>;
  const marks: Marks = {
    public: raw[PUBLIC_EXTENSION] === true,
    personOnly: raw[PERSON_ONLY_EXTENSION] === true,
    roles: raw[ROLES_EXTENSION] as string[] | undefined,
    errors: (raw[ERRORS_EXTENSION] as DocumentedError[] | undefined) ?? [],
    links: raw[LINKS_EXTENSION] as Marks['links'],
    skipEtag: raw[SKIP_ETAG_EXTENSION] === true,
  };
  for (const key of [
    PUBLIC_EXTENSION,
    PERSON_ONLY_EXTENSION,
    ROLES_EXTENSION,
    ERRORS_EXTENSION,
    LINKS_EXTENSION,
  ]) {
    delete raw[key];
  }
  return marks;
}

function securityOf(marks: Marks, { schemes }: DocumentConventions): OperationObject['security'] {
  const person = [{ [schemes.bearer]: [] }, { [schemes.cookie]: [] }];
  if (marks.public) return [{}, ...person, { [schemes.apiKey]: [] }];
  return marks.personOnly ? person : [...person, { [schemes.apiKey]: [] }];
}

/** The errors every route of its kind answers, whatever the route itself does. */
function sharedErrors(
  path: string,
  method: string,
  operation: OperationObject,
  marks: Marks,
  conventions: DocumentConventions,
) {
  const errors: DocumentedError[] = [{ status: 400, code: 'bad_request' }];
  const add = (status: number, ...codes: string[]) => codes.forEach((code) => errors.push({ status, code }));
  const inputs = ((operation.parameters ?? []) as ParameterObject[]).filter((p) => p.in !== 'header');
  if (inputs.length > 0 || operation.requestBody) add(400, 'validation_failed');
  // ParseIdPipe: an id beyond int4 names no row, whatever the route does with ids it does not find.
  if (inputs.some((p) => p.in === 'path' && (p.schema as SchemaObject)?.type === 'integer'))
    add(404, 'not_found');
  if (BODY_METHODS.has(method)) add(400, 'malformed_body');
  if (BODY_METHODS.has(method)) add(413, 'payload_too_large');
  add(415, 'unsupported_media_type');
  add(401, 'invalid_token', 'invalid_api_key');
  if (!marks.public) add(401, 'unauthenticated');
  if (BODY_METHODS.has(method)) add(403, 'csrf_failed');
  if (marks.personOnly && !marks.public) add(403, 'api_key_forbidden');
  if (marks.roles && !marks.public) add(403, 'forbidden');
  if (!conventions.unlimitedPaths.test(path)) add(429, 'rate_limited');
  add(503, 'service_unavailable');
  return errors;
}

function codesByStatus(errors: DocumentedError[]): Map<number, string[]> {
  const byStatus = new Map<number, Set<string>>();
  for (const { status, code } of errors) byStatus.set(status, (byStatus.get(status) ?? new Set()).add(code));
  return new Map(
    [...byStatus.entries()].sort(([a], [b]) => a - b).map(([status, codes]) => [status, [...codes].sort()]),
  );
}

function documentErrors(operation: OperationObject, errors: DocumentedError[]): void {
  const responses = operation.responses as Record<string, ResponseObject>;
  for (const [status, codes] of codesByStatus(errors)) {
    const existing = responses[status];
    const listed = codes.map((code) => `\`${code}\``).join(', ');
    responses[status] = {
      ...existing,
      description: existing?.description ? `${existing.description} (${listed})` : listed,
      content: { 'application/json': { schema: errorSchemaWithCodes(codes) } },
    };
  }
  // An error response a route documented by hand, with no codes: the shared shape at least.
  for (const [status, response] of Object.entries(responses)) {
    if (Number(status) >= 400 && !response.content) {
      response.content = {
        'application/json': { schema: { $ref: `#/components/schemas/${ERROR_RESPONSE_SCHEMA}` } },
      };
    }
  }
}

function resolve(
  document: OpenAPIObject,
  schema: SchemaObject | ReferenceObject | undefined,
): SchemaObject | undefined {
  if (!schema || !('$ref' in schema)) return schema;
  return document.components?.schemas?.[schema.$ref.split('/').pop()!] as SchemaObject | undefined;
}

/** Request bodies refuse unknown fields (the validation pipe's `forbidNonWhitelisted`) and carry an example. */
function completeRequestBody(document: OpenAPIObject, operation: OperationObject): void {
  const content = (
    operation.requestBody as { content?: Record<string, { schema?: SchemaObject; example?: unknown }> }
  )?.content?.['application/json'];
  const schema = resolve(document, content?.schema);
  if (!content || !schema || (schema.type !== 'object' && !schema.properties)) return;
  schema.additionalProperties = false;
  const example = Object.fromEntries(
    Object.entries(schema.properties ?? {})
      .map(([name, property]) => [
        name,
        (property as SchemaObject).example ?? (property as SchemaObject).default,
      ])
      .filter(([, value]) => value !== undefined),
  );
  content.example ??= example;
}

/** Path ids are int4 (ParseIdPipe); header parameters are case-insensitive, so one name is one parameter. */
function completeParameters(operation: OperationObject): void {
  const seen = new Map<string, ParameterObject>();
  for (const parameter of (operation.parameters ?? []) as ParameterObject[]) {
    if (parameter.in === 'path' && (parameter.schema as SchemaObject)?.type === 'number') {
      parameter.schema = { ...ID_SCHEMA };
    }
    const key = `${parameter.in}:${parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name}`;
    const earlier = seen.get(key);
    // Of a name given twice (`@Headers()` and `@ApiHeader()`), the documented one (with a description) stays.
    if (!earlier || (!earlier.description && parameter.description)) seen.set(key, parameter);
  }
  if (operation.parameters) operation.parameters = [...seen.values()];
}

/** GET answers in JSON carry a strong ETag (etags.ts); If-None-Match that matches gets a bodiless 304. */
function documentConditionalGet(method: string, operation: OperationObject, marks: Marks): void {
  const ok = (operation.responses as Record<string, ResponseObject>)['200'];
  if (method !== 'get' || marks.skipEtag || !ok?.content?.['application/json']) return;
  ok.headers = {
    ...ok.headers,
    ETag: { description: 'A strong validator of this answer.', schema: { type: 'string' } },
  };
  operation.parameters = [
    ...(operation.parameters ?? []),
    {
      name: 'If-None-Match',
      in: 'header',
      required: false,
      description: 'ETags of answers already held: when one matches, 304 without a body.',
      schema: { type: 'string' },
    },
  ];
  (operation.responses as Record<string, ResponseObject>)['304'] = {
    description: 'Not Modified: If-None-Match matched; no body.',
  };
}

function addLinks(operation: OperationObject, marks: Marks, operationIds: Set<string>): void {
  if (!marks.links || Object.keys(marks.links.links).length === 0) return;
  const response = (operation.responses as Record<string, ResponseObject>)[marks.links.status];
  if (!response) return;
  response.links = Object.fromEntries(
    Object.entries(marks.links.links).map(([name, link]) => {
      if (!operationIds.has(link.operation)) throw new Error(`A link names no operation: ${link.operation}`);
      return [name, { operationId: link.operation, parameters: link.parameters }];
    }),
  );
}

const header = (description: string, type: 'string' | 'integer') => ({ description, schema: { type } });

/** Response headers the HTTP layer sets (request ids, rate limits), declared once and referenced. */
const HEADERS = {
  'X-Request-Id': header(
    "The request id (the client's own when it sent a sane one); in every log line.",
    'string',
  ),
  'X-RateLimit-Limit': header("The caller's budget per window.", 'integer'),
  'X-RateLimit-Remaining': header('What is left of it.', 'integer'),
  'X-RateLimit-Reset': header('When the window ends (Unix seconds).', 'integer'),
  'Retry-After': header('Seconds to wait before trying again.', 'integer'),
};

const headerRefs = (...names: (keyof typeof HEADERS)[]) =>
  Object.fromEntries(names.map((name) => [name, { $ref: `#/components/headers/${name}` }]));

/** X-Request-Id on every answer; the rate-limit headers on the successes and 429s of limited routes. */
function documentHeaders(path: string, operation: OperationObject, conventions: DocumentConventions): void {
  const limited = !conventions.unlimitedPaths.test(path);
  for (const [status, response] of Object.entries(operation.responses as Record<string, ResponseObject>)) {
    const rateLimit = limited && (Number(status) < 400 || status === '429');
    response.headers = {
      ...response.headers,
      ...headerRefs('X-Request-Id'),
      ...(rateLimit ? headerRefs('X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset') : {}),
      ...(status === '429' ? headerRefs('Retry-After') : {}),
    };
  }
}

/**
 * Completes the document @nestjs/swagger generates from the controllers with what Hearth's conventions make true
 * of every route: security from the auth decorators, the shared error schema with each status's codes, int4 path
 * ids, closed request bodies with examples, and links from created resources.
 */
export function completeDocument(document: OpenAPIObject, conventions: DocumentConventions): OpenAPIObject {
  document.components ??= {};
  document.components.headers = { ...document.components.headers, ...HEADERS };
  document.components.schemas = {
    ...document.components.schemas,
    [ERROR_RESPONSE_SCHEMA]: errorResponseSchema,
  };
  const paths = Object.entries(document.paths) as [string, PathItemObject][];
  const operationIds = new Set(
    paths.flatMap(([, item]) => METHODS.map((method) => item[method]?.operationId)),
  );
  for (const [path, item] of paths) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const marks = takeMarks(operation);
      operation.security = securityOf(marks, conventions);
      documentConditionalGet(method, operation, marks);
      completeParameters(operation);
      completeRequestBody(document, operation);
      documentErrors(operation, [
        ...sharedErrors(path, method, operation, marks, conventions),
        ...marks.errors,
      ]);
      addLinks(operation, marks, operationIds as Set<string>);
      documentHeaders(path, operation, conventions);
    }
  }
  return document;
}
