/**
 * The routes a client can reach, read from the running app's own OpenAPI document: a route added to the code is
 * driven by the hostile-input tests without anyone having to list it here.
 */

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What the document says about one field of a JSON request body. */
export interface FieldSchema {
  type: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';
  enum?: unknown[];
  required: boolean;
}

export interface ApiRoute {
  method: HttpMethod;
  /** OpenAPI path template, e.g. `/api/v1/posts/{id}`. */
  template: string;
  pathParams: string[];
  queryParams: string[];
  /** Fields of the documented `application/json` body, when there is one. */
  jsonBody?: Record<string, FieldSchema>;
  /** The documented media types of the request body (JSON, multipart). */
  bodyMediaTypes: string[];
  /** The documented (successful) statuses. */
  successStatuses: number[];
  family: string;
}

interface OpenApiSchema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
}

interface OpenApiOperation {
  parameters?: { in: string; name: string }[];
  requestBody?: { content?: Record<string, { schema?: OpenApiSchema }> };
  responses?: Record<string, unknown>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, OpenApiSchema> };
}

const METHODS = new Set(['get', 'head', 'post', 'put', 'patch', 'delete']);

/** Areas of the API, each driven by its own property so a failure names the area and its seed. */
export function familyOf(template: string): string {
  if (template.startsWith('/health')) return 'health';
  if (/^\/api\/auth\/(google|github)/.test(template)) return 'oauth';
  if (template.startsWith('/api/auth')) return 'auth';
  if (template.startsWith('/api/admin')) return 'admin';
  if (/^\/api\/v\d\/posts\/events/.test(template)) return 'post-events';
  if (/^\/api\/v\d\/posts\/\{id\}\/like$/.test(template)) return 'post-likes';
  if (/^\/api\/v2\/(moderation|reports)/.test(template)) return 'moderation';
  if (/^\/api\/v\d\/(comments|posts\/\{id\}\/comments)/.test(template)) return 'comments';
  if (template.startsWith('/api/v1/posts')) return 'posts-v1';
  if (template.startsWith('/api/v2/posts')) return 'posts-v2';
  if (template.startsWith('/api/uploads')) return 'uploads';
  if (/^\/api\/(products|cart|orders)/.test(template)) return 'shop';
  if (/^\/api\/(search|jobs)/.test(template)) return 'jobs';
  if (template.startsWith('/api/topics')) return 'topics';
  return 'other';
}

function resolve(document: OpenApiDocument, schema: OpenApiSchema | undefined): OpenApiSchema | undefined {
  if (!schema?.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  return document.components?.schemas?.[name];
}

function fieldsOf(document: OpenApiDocument, schema: OpenApiSchema | undefined) {
  const resolved = resolve(document, schema);
  if (!resolved?.properties) return undefined;
  const required = new Set(resolved.required ?? []);
  const fields: Record<string, FieldSchema> = {};
  for (const [name, property] of Object.entries(resolved.properties)) {
    const type = (resolve(document, property)?.type ?? 'object') as FieldSchema['type'];
    fields[name] = { type, enum: property.enum, required: required.has(name) };
  }
  return fields;
}

export function routesOf(document: OpenApiDocument): ApiRoute[] {
  const routes: ApiRoute[] = [];
  for (const [template, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      if (!METHODS.has(method)) continue;
      const parameters = operation.parameters ?? [];
      const content = operation.requestBody?.content ?? {};
      routes.push({
        method: method.toUpperCase() as HttpMethod,
        template,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: parameters.filter((p) => p.in === 'query').map((p) => p.name),
        jsonBody: fieldsOf(document, content['application/json']?.schema),
        bodyMediaTypes: Object.keys(content),
        successStatuses: Object.keys(operation.responses ?? {})
          .map(Number)
          .filter((status) => status >= 200 && status < 400),
        family: familyOf(template),
      });
    }
  }
  return routes;
}

export const describeRoute = (route: Pick<ApiRoute, 'method' | 'template'>) =>
  `${route.method} ${route.template}`;
