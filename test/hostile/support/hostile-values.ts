import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import type { ApiRoute, FieldSchema } from './openapi-routes.js';

/**
 * What a hostile client sends, as small descriptions: the bytes (100 kB strings, 1 MiB bodies, 10 000 levels of
 * nesting) are built from them when the request goes out, so a failing case prints in a few lines.
 */

// ---------------------------------------------------------------------------------------------------------------
// Strings and numbers

/** Unicode that breaks naive code: NUL, lone surrogates, bidi overrides, zero-width and combining characters. */
export const UNICODE_EDGE_CASES = [
  '\u0000',
  'nul\u0000inside',
  '\ud800',
  'lone low \udfff surrogate',
  'half an emoji \ud83d',
  '\u202eevil.exe\u202c',
  '\u200b\u200c\u200d\u2060',
  '\ufeffbom',
  '\uffff\ufffe',
  '\u{10ffff}',
  '💩',
  '👨‍👩‍👧‍👦🏳️‍🌈',
  'e\u0301'.repeat(50),
  'Z\u0335\u0321\u031b'.repeat(30),
  '\u2028\u2029\u0085',
  '\r\n\t\u000b\u000c',
  'ａｄｍｉｎ',
  'İı',
  "'; DROP TABLE users; --",
  '<script>alert(1)</script>',
  '${jndi:ldap://127.0.0.1/x}',
  '%s%n%x',
  '../../../../etc/passwd',
];

/** Number literals JSON allows but JavaScript, int4 or Prisma may not: sent verbatim, never via JSON.stringify. */
export const OVERLONG_NUMBERS = [
  `1${'0'.repeat(400)}`,
  `-${'9'.repeat(400)}`,
  '1e400',
  '-1e400',
  '1e-400',
  `0.${'0'.repeat(400)}1`,
  '-0',
  '2147483648',
  '-2147483649',
  '9007199254740993',
  '123456789012345678901234567890',
  '1.5',
  '4.9e-324',
];

export const unicodeText = fc.oneof(
  fc.constantFrom(...UNICODE_EDGE_CASES),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
  fc
    .tuple(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.constantFrom(...UNICODE_EDGE_CASES))
    .map(([text, edge]) => text + edge + text),
);

// Characters Node lets through in a header value (it refuses CR, LF, NUL and other controls itself).
const headerChar = fc
  .integer({ min: 0x20, max: 0xff })
  .filter((code) => code !== 0x7f)
  .map((code) => String.fromCharCode(code));
const headerText = fc.string({ unit: headerChar, maxLength: 80 });

// ---------------------------------------------------------------------------------------------------------------
// Bodies

/** A JSON text fragment written as is (overlong numbers, deep nesting) inside an otherwise serialised value. */
export class RawJson {
  constructor(readonly text: string) {}
}
export type JsonLike = null | boolean | number | string | RawJson | JsonLike[] | { [key: string]: JsonLike };

export function toJsonText(value: JsonLike): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}:${toJsonText(item)}`)
      .join(',')}}`;
  }
  // JSON.stringify escapes lone surrogates and NUL (\ud800, \u0000): valid JSON that decodes to them.
  return JSON.stringify(value);
}

export function deeplyNested(shape: 'array' | 'object' | 'mixed', depth: number): string {
  if (shape === 'array') return '['.repeat(depth) + ']'.repeat(depth);
  if (shape === 'object') return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
  return '[{"a":'.repeat(depth) + 'null' + '}]'.repeat(depth);
}

const MALFORMED_JSON = [
  '',
  '{',
  '{"title":',
  '{"title": "unterminated',
  "{'title': 'single quotes'}",
  '{title: "unquoted"}',
  '{"a":1}}',
  '{"a":1,}',
  '[1,]',
  'NaN',
  'undefined',
  '{"a":undefined}',
  '{"a":"\\x41"}',
  '{"a":"raw\nnewline"}',
  '{"a":1}garbage',
  '1 2',
  '\u0000',
  '{"a":Infinity}',
  '{"a":-}',
  '{"a":01}',
];

const NON_OBJECT_JSON = ['null', 'true', '42', '"just a string"', '[]', '[{}]', '[1,2]', '-0', '1e400'];

const PROTOTYPE_POLLUTION = [
  '{"__proto__":{"role":"admin","is_admin":true}}',
  '{"constructor":{"prototype":{"role":"admin"}}}',
  '{"title":"t","body":"b","nested":{"__proto__":{"polluted":true}}}',
  '[{"__proto__":{"polluted":true}}]',
];

/** Values of the wrong JSON type for a field the document describes. None of them is null: see BodyPlan. */
function wrongValueFor(field: FieldSchema): fc.Arbitrary<JsonLike> {
  const objects = fc.constantFrom<JsonLike>({}, { $gt: '' }, { nested: { deeper: [] } });
  switch (field.type) {
    case 'string':
      return fc.oneof(
        fc.constantFrom<JsonLike>(42, -1, 0, true, false, [], ['a'], 1e308),
        objects,
        fc.double({ noNaN: true, noDefaultInfinity: true }),
      );
    case 'number':
    case 'integer':
      return fc.oneof(
        fc.constantFrom<JsonLike>('1', '', 'abc', '0x10', ' 7 ', true, false, [], [1], '1e3'),
        objects,
        unicodeText,
      );
    case 'boolean':
      return fc.oneof(fc.constantFrom<JsonLike>('true', 'false', 'yes', 1, 0, [], [true]), objects);
    case 'array':
      return fc.oneof(
        fc.constantFrom<JsonLike>('1,2', 1, true, {}, ['x'], [{}], [[1]], [true], [1.5], [-1], [0]),
        unicodeText,
      );
    default:
      return fc.oneof(fc.constantFrom<JsonLike>('x', 1, true, []), unicodeText);
  }
}

export type BodyPlan =
  | { kind: 'none' }
  | { kind: 'malformed'; text: string }
  | { kind: 'non-object'; text: string }
  | { kind: 'prototype-pollution'; text: string }
  /** Documented fields with values of the wrong type (and maybe an undocumented one). */
  | { kind: 'wrong-types'; fields: Record<string, JsonLike> }
  /** Explicit nulls: absent-or-invalid, never a 500. */
  | { kind: 'nulls'; fields: string[] }
  | { kind: 'huge-strings'; unit: string; length: number }
  | { kind: 'deep'; shape: 'array' | 'object' | 'mixed'; depth: number; at: 'root' | 'field' }
  | { kind: 'unicode'; text: string; number: string }
  /** One byte past BODY_LIMIT_BYTES (or more). */
  | { kind: 'oversized'; extra: number }
  | { kind: 'multipart'; variant: MultipartVariant };

type MultipartVariant = 'no-boundary' | 'truncated' | 'wrong-field' | 'fake-image' | 'evil-filename';

const UNDOCUMENTED_FIELDS: Record<string, JsonLike> = {
  role: 'admin',
  is_admin: true,
  author_id: 1,
  id: 1,
  likes: 999,
};

export function bodyPlanFor(route: ApiRoute): fc.Arbitrary<BodyPlan> {
  if (route.method === 'GET' || route.method === 'HEAD') return fc.constant<BodyPlan>({ kind: 'none' });
  const fields = route.jsonBody ?? {};
  const names = Object.keys(fields);
  const wrongTypes = fc
    .tuple(
      names.length > 0
        ? fc.uniqueArray(fc.constantFrom(...names), { minLength: 1, maxLength: names.length })
        : fc.constant<string[]>([]),
      fc.option(fc.constantFrom(...Object.keys(UNDOCUMENTED_FIELDS)), { nil: undefined }),
    )
    .chain(([chosen, extra]) =>
      fc.tuple(...chosen.map((name) => wrongValueFor(fields[name]!))).map((values): BodyPlan => {
        const body: Record<string, JsonLike> = {};
        chosen.forEach((name, i) => (body[name] = values[i]!));
        if (extra || chosen.length === 0) body[extra ?? 'role'] = UNDOCUMENTED_FIELDS[extra ?? 'role']!;
        return { kind: 'wrong-types', fields: body };
      }),
    );
  const plans: fc.Arbitrary<BodyPlan>[] = [
    fc.constant<BodyPlan>({ kind: 'none' }),
    fc
      .oneof(
        fc.constantFrom(...MALFORMED_JSON),
        fc.string({ maxLength: 30 }).filter((text) => !parsesAsJson(text)),
      )
      .map((text): BodyPlan => ({ kind: 'malformed', text })),
    fc.constantFrom(...NON_OBJECT_JSON).map((text): BodyPlan => ({ kind: 'non-object', text })),
    fc.constantFrom(...PROTOTYPE_POLLUTION).map((text): BodyPlan => ({ kind: 'prototype-pollution', text })),
    wrongTypes,
    fc
      .constantFrom('x', 'é', '💩', '\u0000', '\ud800', '\u202e')
      .map((unit): BodyPlan => ({ kind: 'huge-strings', unit, length: 100_000 })),
    fc
      .record({
        shape: fc.constantFrom('array' as const, 'object' as const, 'mixed' as const),
        depth: fc.constantFrom(10_000, 50_000),
        at: fc.constantFrom('root' as const, 'field' as const),
      })
      .map((deep): BodyPlan => ({ kind: 'deep', ...deep })),
    fc
      .record({ text: unicodeText, number: fc.constantFrom(...OVERLONG_NUMBERS) })
      .map((unicode): BodyPlan => ({ kind: 'unicode', ...unicode })),
    fc.constantFrom(1, 4_096).map((extra): BodyPlan => ({ kind: 'oversized', extra })),
  ];
  if (names.length > 0) {
    plans.push(
      fc
        .uniqueArray(fc.constantFrom(...names), { minLength: 1, maxLength: names.length })
        .map((chosen): BodyPlan => ({ kind: 'nulls', fields: chosen })),
    );
  }
  if (route.bodyMediaTypes.includes('multipart/form-data')) {
    plans.push(
      fc
        .constantFrom<MultipartVariant>(
          'no-boundary',
          'truncated',
          'wrong-field',
          'fake-image',
          'evil-filename',
        )
        .map((variant): BodyPlan => ({ kind: 'multipart', variant })),
    );
  }
  return fc.oneof(...plans);
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** A request the server has to refuse, whoever sends it: its body cannot be valid for the route. */
export function bodyMustBeRefused(route: ApiRoute, plan: BodyPlan): boolean {
  switch (plan.kind) {
    case 'malformed':
    case 'prototype-pollution':
    case 'oversized':
    case 'multipart':
      return true;
    case 'non-object':
    case 'deep':
      return route.jsonBody !== undefined;
    case 'wrong-types':
      return route.jsonBody !== undefined;
    case 'nulls':
      // null is "absent" for optional fields; only a required one makes the body certainly invalid.
      return plan.fields.some((name) => route.jsonBody?.[name]?.required);
    default:
      return false;
  }
}

export interface Payload {
  bytes: Buffer;
  contentType: string;
}

const BOUNDARY = 'hostileBoundary7MA4YWxkTrZu0gW';

function multipart(variant: MultipartVariant): Payload {
  const part = (name: string, filename: string | undefined, type: string, content: string) =>
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"${
      filename === undefined ? '' : `; filename="${filename}"`
    }\r\nContent-Type: ${type}\r\n\r\n${content}\r\n`;
  const contentType = `multipart/form-data; boundary=${BOUNDARY}`;
  switch (variant) {
    case 'no-boundary':
      return { bytes: Buffer.from('just some bytes, no parts'), contentType: 'multipart/form-data' };
    case 'truncated':
      return {
        bytes: Buffer.from(part('files', 'a.png', 'image/png', '\x89PNG\r\n').slice(0, 60)),
        contentType,
      };
    case 'wrong-field':
      return {
        bytes: Buffer.from(part('not_files', undefined, 'text/plain', 'hi') + `--${BOUNDARY}--\r\n`),
        contentType,
      };
    case 'fake-image':
      return {
        bytes: Buffer.from(
          part('files', 'photo.png', 'image/png', 'this is not a PNG') + `--${BOUNDARY}--\r\n`,
        ),
        contentType,
      };
    case 'evil-filename':
      return {
        bytes: Buffer.from(
          part('files', '../../../etc/\u202egnp.exe\u0000.png', 'image/png', 'MZ not an image') +
            `--${BOUNDARY}--\r\n`,
          'utf8',
        ),
        contentType,
      };
  }
}

/** The bytes of a body plan for one route (undefined: send no body at all). */
export function buildPayload(route: ApiRoute, plan: BodyPlan, bodyLimitBytes: number): Payload | undefined {
  const json = (text: string): Payload => ({
    bytes: Buffer.from(text, 'utf8'),
    contentType: 'application/json',
  });
  const fieldNames = Object.keys(route.jsonBody ?? {});
  const firstField = fieldNames[0] ?? 'value';
  switch (plan.kind) {
    case 'none':
      return undefined;
    case 'malformed':
    case 'non-object':
    case 'prototype-pollution':
      return json(plan.text);
    case 'wrong-types':
      return json(toJsonText(plan.fields));
    case 'nulls':
      return json(toJsonText(Object.fromEntries(plan.fields.map((name) => [name, null]))));
    case 'huge-strings': {
      const huge = plan.unit.repeat(Math.ceil(plan.length / plan.unit.length));
      const names = fieldNames.length > 0 ? fieldNames : [firstField];
      // Every documented field gets the string, whatever its type: strings over their length, others mistyped.
      return json(toJsonText(Object.fromEntries(names.map((name) => [name, huge]))));
    }
    case 'deep': {
      const nested = deeplyNested(plan.shape, plan.depth);
      return json(plan.at === 'root' ? nested : toJsonText({ [firstField]: new RawJson(nested) }));
    }
    case 'unicode': {
      const body: Record<string, JsonLike> = {};
      for (const [name, field] of Object.entries(
        route.jsonBody ?? { value: { type: 'string', required: false } },
      )) {
        if (field.type === 'number' || field.type === 'integer') body[name] = new RawJson(plan.number);
        else if (field.type === 'array') body[name] = [new RawJson(plan.number)];
        else if (field.type === 'boolean') body[name] = true;
        else body[name] = plan.text;
      }
      return json(toJsonText(body));
    }
    case 'oversized': {
      const envelope = `{"${firstField}":""}`;
      const filler = 'x'.repeat(bodyLimitBytes - envelope.length + plan.extra);
      return json(`{"${firstField}":"${filler}"}`);
    }
    case 'multipart':
      return multipart(plan.variant);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Path parameters and query strings (already percent-encoded, some of them wrongly on purpose)

/** Percent-encodes UTF-8 bytes; unlike encodeURIComponent it takes lone surrogates (sent as U+FFFD). */
export function percentEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) => {
      const char = String.fromCharCode(byte);
      return /[A-Za-z0-9_.~-]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

export const HOSTILE_PATH_VALUES = [
  '0',
  '-1',
  '1.5',
  '1e3',
  '0x10',
  '%2B1',
  '%201',
  '1%00',
  '%00',
  '9'.repeat(15),
  '9'.repeat(16),
  '9'.repeat(190),
  'a'.repeat(250),
  'null',
  'undefined',
  'NaN',
  'Infinity',
  'true',
  '%F0%9F%92%A9',
  '%ED%A0%80',
  '%C0%AF',
  '%E2%80%AE1',
  '%ZZ',
  '%',
  '..%2F..%2Fetc%2Fpasswd',
  '%2E%2E',
  '%27%20OR%201%3D1--',
  '1%3BDROP%20TABLE%20users',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '00000000-0000-0000-0000-00000000000g',
  'private%3A',
  'private%3A%00',
  'room%3A1',
  '__proto__',
  'constructor',
];

export const hostilePathValue = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_PATH_VALUES) },
  {
    weight: 1,
    arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).map(percentEncode),
  },
);

const HOSTILE_QUERY_VALUES = [
  '',
  '-1',
  '0',
  'abc',
  '1.5',
  '1e400',
  '9'.repeat(400),
  '%00',
  '%ZZ',
  'null',
  '%5B%5D',
  '%F0%9F%92%A9',
  '%ED%A0%80',
  'a'.repeat(1_000),
];

/** Opaque cursors a client could forge: not base64, base64 of junk, or base64 of near-miss JSON. */
const FORGED_CURSORS = [
  'not-a-cursor',
  '!!!!',
  Buffer.from('garbage').toString('base64url'),
  Buffer.from('["2024-01-01T00:00:00.000Z"]').toString('base64url'),
  Buffer.from('["0000-01-01T00:00:00.000Z",1]').toString('base64url'),
  Buffer.from('["275760-09-13T00:00:00.000Z",1]').toString('base64url'),
  Buffer.from('["2024-01-01T00:00:00.000Z",99999999999]').toString('base64url'),
  Buffer.from('["2024-01-01T00:00:00.000Z",-1]').toString('base64url'),
  Buffer.from('["2024-01-01T00:00:00.000Z",1.5]').toString('base64url'),
  Buffer.from('{"__proto__":{"x":1}}').toString('base64url'),
  Buffer.from(deeplyNested('array', 5_000)).toString('base64url').slice(0, 190),
];

export function queryFor(route: ApiRoute): fc.Arbitrary<string> {
  const pair = (names: string[]) =>
    fc.tuple(
      fc.constantFrom(...names),
      fc.oneof(
        fc.constantFrom(...HOSTILE_QUERY_VALUES),
        fc.constantFrom(...FORGED_CURSORS),
        unicodeText.map(percentEncode),
      ),
    );
  const names = [...route.queryParams, 'unknown_param', '__proto__[polluted]', 'page[]'];
  return fc
    .array(pair(names), { maxLength: 4 })
    .map((pairs) =>
      pairs.length === 0 ? '' : `?${pairs.map(([name, value]) => `${name}=${value}`).join('&')}`,
    );
}

// ---------------------------------------------------------------------------------------------------------------
// Headers

const base64url = (text: string) => Buffer.from(text).toString('base64url');
const unsignedJwt = `${base64url('{"alg":"none","typ":"JWT"}')}.${base64url('{"sub":"1","role":"admin"}')}.`;
const forgedJwt = (() => {
  const unsigned = `${base64url('{"alg":"HS256","typ":"JWT"}')}.${base64url(
    `{"sub":"1","role":"admin","exp":${2 ** 31}}`,
  )}`;
  return `${unsigned}.${createHmac('sha256', 'not-the-secret').update(unsigned).digest('base64url')}`;
})();

const LONG = 1_000; // every header together stays under Node's 16 KiB header limit

export const hostileHeaders = fc.record(
  {
    'content-type': fc.oneof(
      fc.constantFrom(
        'text/plain',
        'application/xml',
        'application/x-www-form-urlencoded',
        'multipart/form-data',
        'multipart/form-data; boundary=',
        'application/json; charset=utf-16',
        'application/json; charset=nope',
        'application/json;;;',
        'application/jsonx',
        'application/vnd.api+json',
        'image/png',
        '*/*',
        '',
        'APPLICATION/JSON',
      ),
      headerText,
    ),
    accept: fc.oneof(
      fc.constantFrom(
        'application/vnd.hearth.v2+json',
        'application/vnd.hearth.v99+json',
        'text/html',
        'application/xml',
        '*/*;q=abc',
        '',
        'a'.repeat(LONG),
      ),
      headerText,
    ),
    authorization: fc.oneof(
      fc.constantFrom(
        'Bearer',
        'Bearer ',
        'Bearer x',
        'Bearer a.b.c',
        `Bearer ${unsignedJwt}`,
        `Bearer ${forgedJwt}`,
        'Basic Zm9vOmJhcg==',
        'bearer  two  spaces',
        `Bearer ${'x'.repeat(LONG)}`,
        `Bearer ${'\u00ff'.repeat(100)}`,
        'Digest username="x"',
      ),
      headerText,
    ),
    'x-api-key': fc.oneof(
      fc.constantFrom('', 'x', 'hk_0000000000000000', 'a'.repeat(LONG), '\u00e9\u00e9'),
      headerText,
    ),
    cookie: fc.oneof(
      fc.constantFrom(
        'hearth_session=garbage',
        'hearth_session=',
        'hearth_session=%ZZ',
        `hearth_session=${'a'.repeat(LONG)}`,
        '=;;;=',
        'hearth_session=a; hearth_session=b',
        'hearth_oauth_state=s:forged.signature',
        'hearth_oauth_state=google%3Astate',
      ),
      headerText,
    ),
    'if-none-match': fc.oneof(
      fc.constantFrom(
        '*',
        'W/"x"',
        '"x"',
        ',,,',
        'garbage',
        `"${'a'.repeat(LONG)}"`,
        Array(200).fill('"a"').join(','),
      ),
      headerText,
    ),
    'x-request-id': fc.oneof(fc.constantFrom('a'.repeat(LONG), '../../x', '<script>', ''), headerText),
    'idempotency-key': fc.oneof(fc.constantFrom('k'.repeat(LONG), '', ' '), headerText),
    'accept-encoding': fc.constantFrom(
      'gzip;q=abc, br;q=-1',
      'identity;q=0',
      '*;q=0',
      'compress',
      'x'.repeat(500),
    ),
    origin: fc.oneof(fc.constantFrom('null', 'http://evil.example', 'garbage'), headerText),
    'content-encoding': fc.constantFrom('gzip', 'br', 'deflate', 'garbage'),
    'last-event-id': fc.oneof(fc.constantFrom('-1', '9'.repeat(400), 'abc'), headerText),
  },
  { requiredKeys: [] },
);

export type HostileHeaders = Partial<Record<string, string>>;
