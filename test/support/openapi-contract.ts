import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * Every response an e2e test receives through HttpClient is checked against the committed OpenAPI document
 * (openapi.json, kept equal to the served one by test/http/openapi-document.e2e-spec.ts): its status must be
 * documented for the operation, and its body must match that status's schema. A response that breaks the
 * document fails the test that made it.
 */

type Schema = Record<string, unknown>;

interface ResponseDoc {
  content?: Record<string, { schema?: Schema }>;
}

interface OperationDoc {
  operationId?: string;
  responses: Record<string, ResponseDoc>;
}

export interface ContractDocument {
  paths: Record<string, Record<string, OperationDoc>>;
  components: { schemas: Record<string, Schema> };
}

export interface ObservedResponse {
  method: string;
  url: URL;
  requestHeaders: Record<string, string>;
  status: number;
  headers: IncomingHttpHeaders;
  body: unknown;
  text: string;
}

const DOCUMENT_ID = 'openapi.json';
const V2_MEDIA_TYPE = /application\/vnd\.hearth\.v2\+json/i;

// Served on purpose outside the document: the docs themselves, the demo page, Prometheus, socket.io, and the
// local-disk stand-in for an object store (signed URLs, not API calls).
const OUTSIDE_THE_DOCUMENT = [
  /^\/$/,
  /^\/api\/docs(-json|\/.*)?$/,
  /^\/metrics$/,
  /^\/socket\.io\//,
  /^\/api\/uploads\/files\//,
  /^\/(demo|assets|favicon)/,
];

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

interface Route {
  template: string;
  pattern: RegExp;
  params: number;
}

function routeOf(template: string): Route {
  const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
  return { template, pattern: new RegExp(`^${source}$`), params: (template.match(/\{/g) ?? []).length };
}

export class OpenApiContract {
  private readonly ajv: Ajv;
  private readonly routes: Route[];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(readonly document: ContractDocument) {
    // OpenAPI 3.0 schemas: `nullable`, `example` and friends are not JSON Schema keywords ajv must refuse.
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addFormat('binary', true);
    this.ajv.addSchema(document as unknown as Schema, DOCUMENT_ID);
    // The literal path wins over a template (`/posts/events` before `/posts/{id}`).
    this.routes = Object.keys(document.paths)
      .map(routeOf)
      .sort((a, b) => a.params - b.params);
  }

  static fromFile(path: string): OpenApiContract {
    return new OpenApiContract(JSON.parse(readFileSync(path, 'utf8')) as ContractDocument);
  }

  /** The documented path template and operation of a request, as the server routes it. */
  operationOf(method: string, url: URL, requestHeaders: Record<string, string> = {}) {
    let path = url.pathname;
    // Header versioning (app.factory.ts): /api/posts… and /api/comments… are v2 when Accept names the v2 media
    // type, else v1.
    if (/^\/api\/(posts|comments)(\/|$)/.test(path)) {
      const accept = Object.entries(requestHeaders).find(([name]) => name.toLowerCase() === 'accept')?.[1];
      path = `/api/${V2_MEDIA_TYPE.test(accept ?? '') ? 'v2' : 'v1'}${path.slice('/api'.length)}`;
    }
    const verb = method.toLowerCase() === 'head' ? 'get' : method.toLowerCase();
    for (const route of this.routes) {
      const operation = route.pattern.test(path) ? this.document.paths[route.template][verb] : undefined;
      if (operation) return { template: route.template, verb, operation };
    }
    return undefined;
  }

  /** Why this response breaks the document, or undefined when it keeps it. */
  violationOf(observed: ObservedResponse): string | undefined {
    const found = this.operationOf(observed.method, observed.url, observed.requestHeaders);
    if (!found) return this.violationOfUnknownRoute(observed);
    const { template, verb, operation } = found;
    const where = `${observed.method} ${observed.url.pathname} (${verb.toUpperCase()} ${template})`;
    const status = String(observed.status);
    const documented = operation.responses[status];
    if (!documented) {
      return `${where} answered ${status}, which the document does not list (${Object.keys(operation.responses).join(', ')})`;
    }
    return this.bodyViolation(observed, documented, status, where);
  }

  private bodyViolation(
    observed: ObservedResponse,
    documented: ResponseDoc,
    status: string,
    where: string,
  ): string | undefined {
    const mediaType = String(observed.headers['content-type'] ?? '')
      .split(';')[0]
      .trim()
      .toLowerCase();
    const hasBody = observed.text !== '' && observed.method.toUpperCase() !== 'HEAD';
    if (!hasBody) return undefined;
    const content = documented.content ?? {};
    if (!content[mediaType]) {
      return `${where} answered ${status} with a ${mediaType || 'untyped'} body; the document lists ${Object.keys(content).join(', ') || 'no body'}`;
    }
    if (mediaType !== 'application/json' || !content[mediaType].schema) return undefined;
    const validate = this.validatorFor(content[mediaType].schema);
    if (validate(observed.body)) return undefined;
    const errors = (validate.errors ?? [])
      .slice(0, 8)
      .map(
        (error) => `${error.instancePath || '(body)'} ${error.message ?? ''} ${JSON.stringify(error.params)}`,
      )
      .join('; ');
    return `${where} answered ${status} with a body the document does not describe: ${errors}\n  body: ${observed.text.slice(0, 400)}`;
  }

  /**
   * A URL no operation matches is refused (404, or 4xx for what is wrong before routing) in the error shape; a
   * success from a route outside the document must come from one of the known few.
   */
  private violationOfUnknownRoute(observed: ObservedResponse): string | undefined {
    if (OUTSIDE_THE_DOCUMENT.some((pattern) => pattern.test(observed.url.pathname))) return undefined;
    const where = `${observed.method} ${observed.url.pathname}`;
    if (observed.status >= 400 && observed.status < 500) {
      const validate = this.validatorFor(this.document.components.schemas.ErrorResponse);
      return validate(observed.body) ? undefined : `${where}: a ${observed.status} not in the error shape`;
    }
    return `${where} answered ${observed.status} but has no operation in openapi.json`;
  }

  /**
   * One compiled validator per distinct schema (most operations share their error schemas), its local references
   * pointed at the document.
   */
  private validatorFor(schema: Schema): ValidateFunction {
    const key = JSON.stringify(schema).replaceAll('"$ref":"#/', `"$ref":"${DOCUMENT_ID}#/`);
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(JSON.parse(key) as Schema);
      this.validators.set(key, validate);
    }
    return validate;
  }
}

let shared: OpenApiContract | undefined;

/** The committed document (from the repository root, where jest runs). */
export function committedContract(): OpenApiContract {
  shared ??= OpenApiContract.fromFile(new URL('../../openapi.json', import.meta.url).pathname);
  return shared;
}
