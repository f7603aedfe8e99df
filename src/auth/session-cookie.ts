import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthConfig } from '../config/app-config.js';

export const SESSION_COOKIE = 'hearth_session';

/** The session cookie lives until the absolute timeout; the server enforces the idle timeout itself. */
export function sessionCookieOptions(auth: AuthConfig): CookieSerializeOptions {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: auth.secureCookies,
    maxAge: auth.sessionAbsoluteSeconds,
  };
}

export function readSessionCookie(request: FastifyRequest): string | undefined {
  const value = request.cookies?.[SESSION_COOKIE];
  return value ? value : undefined;
}

export function setSessionCookie(reply: FastifyReply, auth: AuthConfig, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(auth));
}

export function clearSessionCookie(reply: FastifyReply, auth: AuthConfig): void {
  const { maxAge: _maxAge, ...options } = sessionCookieOptions(auth);
  reply.clearCookie(SESSION_COOKIE, options);
}
