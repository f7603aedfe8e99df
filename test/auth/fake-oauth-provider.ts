import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpClient, HttpResponse } from '../support/http.js';

// A local stand-in for Google's or GitHub's OAuth 2.0 endpoints, speaking the real protocol to the real passport
// strategies: authorize (redirects back with code and state), token (code -> access token), profile and, for
// GitHub, the emails list. Tests choose who "signs in" at the provider with `nextSignIn`.

export interface FakeIdentity {
  id: string;
  email: string;
  emailVerified: boolean;
  name?: string;
}

/** Where the OAuth tests send people: the app's public URL and the success and failure pages. */
export const OAUTH_PUBLIC_URL = 'http://hearth.test';
export const OAUTH_SUCCESS_URL = 'http://hearth.test/welcome';
export const OAUTH_FAILURE_URL = 'http://hearth.test/sign-in';

let identitiesMade = 0;

/**
 * A provider identity no test has used yet, with a verified email unless `overrides` say otherwise. Ids are numeric
 * (GitHub's are numbers); `label` starts the email, so a failing test shows whose address it was.
 */
export function freshIdentity(label: string, overrides: Partial<FakeIdentity> = {}): FakeIdentity {
  identitiesMade += 1;
  const id = String(7_000_000 + identitiesMade * 1_000 + Math.floor(Math.random() * 1_000));
  const email = `${label}-${id}-${randomUUID().slice(0, 8)}@example.test`;
  return { id, email, emailVerified: true, name: `${label} person ${identitiesMade}`, ...overrides };
}

export type FakeProviderKind = 'google' | 'github';

export class FakeOAuthProvider {
  readonly clientId = `client-${randomBytes(4).toString('hex')}`;
  readonly clientSecret = randomBytes(16).toString('hex');
  /** Who is signed in at the provider when the browser reaches its authorize page. */
  nextSignIn?: FakeIdentity;
  /** Authorization requests seen (their query parameters). */
  readonly authorizeRequests: URLSearchParams[] = [];
  tokenExchanges = 0;

  private readonly codes = new Map<string, { identity: FakeIdentity; redirectUri: string }>();
  private readonly accessTokens = new Map<string, FakeIdentity>();
  private server?: http.Server;
  private baseUrl = '';

  constructor(readonly kind: FakeProviderKind) {}

  async start(): Promise<this> {
    this.server = http.createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        response.writeHead(500).end(String(error));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** The environment that points Hearth's strategy for this provider here. */
  env(): Record<string, string> {
    if (this.kind === 'google') {
      return {
        GOOGLE_CLIENT_ID: this.clientId,
        GOOGLE_CLIENT_SECRET: this.clientSecret,
        GOOGLE_AUTHORIZATION_URL: `${this.baseUrl}/authorize`,
        GOOGLE_TOKEN_URL: `${this.baseUrl}/token`,
        GOOGLE_USERINFO_URL: `${this.baseUrl}/userinfo`,
      };
    }
    return {
      GITHUB_CLIENT_ID: this.clientId,
      GITHUB_CLIENT_SECRET: this.clientSecret,
      GITHUB_AUTHORIZATION_URL: `${this.baseUrl}/login/oauth/authorize`,
      GITHUB_TOKEN_URL: `${this.baseUrl}/login/oauth/access_token`,
      GITHUB_USER_URL: `${this.baseUrl}/user`,
      GITHUB_EMAILS_URL: `${this.baseUrl}/user/emails`,
    };
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.baseUrl);
    const path = url.pathname;
    if (request.method === 'GET' && (path === '/authorize' || path === '/login/oauth/authorize')) {
      return this.authorize(url.searchParams, response);
    }
    if (request.method === 'POST' && (path === '/token' || path === '/login/oauth/access_token')) {
      return this.token(new URLSearchParams(await readBody(request)), response);
    }
    const identity = this.identityFor(request, url);
    if (!identity) return json(response, 401, { error: 'invalid_token' });
    if (request.method === 'GET' && path === '/userinfo') {
      return json(response, 200, {
        sub: identity.id,
        email: identity.email,
        email_verified: identity.emailVerified,
        name: identity.name ?? 'Google User',
      });
    }
    if (request.method === 'GET' && path === '/user') {
      // GitHub's /user shows only the public email, without any verification flag.
      return json(response, 200, {
        id: Number(identity.id),
        login: `gh-${identity.id}`,
        name: identity.name ?? null,
        email: identity.email,
      });
    }
    if (request.method === 'GET' && path === '/user/emails') {
      return json(response, 200, [
        { email: identity.email, primary: true, verified: identity.emailVerified, visibility: 'private' },
        { email: `${identity.id}+noreply@users.noreply.github.test`, primary: false, verified: false },
      ]);
    }
    json(response, 404, { error: 'not_found' });
  }

  private authorize(query: URLSearchParams, response: http.ServerResponse): void {
    this.authorizeRequests.push(query);
    const redirectUri = query.get('redirect_uri');
    if (query.get('client_id') !== this.clientId || !redirectUri || query.get('response_type') !== 'code') {
      return json(response, 400, { error: 'invalid_request' });
    }
    if (!this.nextSignIn) return json(response, 400, { error: 'nobody_signed_in' });
    const code = randomBytes(12).toString('hex');
    this.codes.set(code, { identity: this.nextSignIn, redirectUri });
    const back = new URL(redirectUri);
    back.searchParams.set('code', code);
    const state = query.get('state');
    if (state) back.searchParams.set('state', state);
    response.writeHead(302, { location: back.toString() }).end();
  }

  private token(form: URLSearchParams, response: http.ServerResponse): void {
    this.tokenExchanges += 1;
    const grant = this.codes.get(form.get('code') ?? '');
    if (
      form.get('grant_type') !== 'authorization_code' ||
      form.get('client_id') !== this.clientId ||
      form.get('client_secret') !== this.clientSecret ||
      !grant ||
      grant.redirectUri !== form.get('redirect_uri')
    ) {
      return json(response, 400, { error: 'invalid_grant' });
    }
    this.codes.delete(form.get('code')!);
    const accessToken = randomBytes(16).toString('hex');
    this.accessTokens.set(accessToken, grant.identity);
    json(response, 200, { access_token: accessToken, token_type: 'bearer', scope: 'email' });
  }

  private identityFor(request: http.IncomingMessage, url: URL): FakeIdentity | undefined {
    const header = request.headers.authorization ?? '';
    const token = /^(?:Bearer|token)\s+(.+)$/i.exec(header)?.[1] ?? url.searchParams.get('access_token');
    return token ? this.accessTokens.get(token) : undefined;
  }
}

function json(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** One GET without following redirects (the browser's hop to and from the provider). */
export function getWithoutRedirect(url: string): Promise<{ status: number; location?: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (response) => {
        response.resume();
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, location: response.headers.location }),
        );
      })
      .on('error', reject);
  });
}

export interface OAuthRoundTrip {
  callback: HttpResponse;
  stateCookie: string;
  callbackPath: string;
}

/**
 * The browser's round trip: Hearth -> provider authorize page (where `who` is signed in) -> back to Hearth's
 * callback, carrying the state cookie and `cookie` (e.g. a session the browser already has).
 */
export async function signInThrough(
  http: HttpClient,
  fake: FakeOAuthProvider,
  who: FakeIdentity,
  cookie?: string,
): Promise<OAuthRoundTrip> {
  fake.nextSignIn = who;
  const start = await http.get(`/api/auth/${fake.kind}`, { headers: cookie ? { cookie } : {} });
  if (start.status !== 302) throw new Error(`sign-in start answered ${start.status}: ${start.text}`);
  const stateCookie = start.headers['set-cookie']!.find((line) => line.startsWith('hearth_oauth_state='))!;
  const atProvider = await getWithoutRedirect(start.headers.location!);
  if (atProvider.status !== 302) throw new Error(`the provider answered ${atProvider.status}`);
  const back = new URL(atProvider.location!);
  const callbackPath = `${back.pathname}${back.search}`;
  const cookies = [stateCookie.split(';')[0], ...(cookie ? [cookie] : [])].join('; ');
  const callback = await http.get(callbackPath, { headers: { cookie: cookies } });
  return { callback, stateCookie: stateCookie.split(';')[0], callbackPath };
}

/** The settings of an app whose sign-ins go through these fake providers and back to the test's pages. */
export function oauthAppEnv(...providers: FakeOAuthProvider[]): Record<string, string> {
  return Object.assign(
    {
      PUBLIC_URL: OAUTH_PUBLIC_URL,
      OAUTH_SUCCESS_REDIRECT_URL: OAUTH_SUCCESS_URL,
      OAUTH_FAILURE_REDIRECT_URL: OAUTH_FAILURE_URL,
    },
    ...providers.map((provider) => provider.env()),
  );
}
