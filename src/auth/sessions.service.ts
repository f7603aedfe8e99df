import { Inject, Injectable } from '@nestjs/common';
import { approximateAddress } from '../common/http/client-address.js';
import { LiveConnections } from '../common/live-connections.js';
import { PerTurnBatcher } from '../common/per-turn-batcher.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { type PreparedRead, PrismaService } from '../infra/database/prisma.service.js';
import { BatchedUserReads } from '../users/batched-user-reads.js';
import type { AuthenticatedUser } from './authenticated-user.js';
import { hashOpaqueToken, newOpaqueToken } from './opaque-token.js';

// Writing last_seen_at on every request would turn reads into writes; a minute of slack is invisible next to
// idle timeouts measured in days.
const TOUCH_INTERVAL_MS = 60_000;

export interface SessionContext {
  /** The client address; only its network (approximateAddress) is stored. */
  ipAddress?: string;
  userAgent?: string;
}

/** A live session as its owner sees it in the sessions list. */
export interface SessionSummary {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  userAgent: string | null;
  ipPrefix: string | null;
}

/** The user a session is started for, with the credentials epoch read together with what signed them in. */
export interface SessionOwner {
  id: number;
  credentialsChangedAt: Date;
}

/** What a socket token's session check needs of its session. */
interface SessionStanding {
  id: string;
  userId: number;
  credentialsEpoch: Date;
  expiresAt: Date;
}

/** What resolving a session cookie needs of its session. */
interface SessionRecord extends SessionStanding {
  tokenHash: string;
  createdAt: Date;
  lastSeenAt: Date;
}

const SESSIONS_BY_TOKEN_HASHES: PreparedRead = {
  name: 'sessions_by_token_hashes',
  text: `SELECT id, token_hash AS "tokenHash", user_id AS "userId", credentials_epoch AS "credentialsEpoch",
    expires_at AS "expiresAt", created_at AS "createdAt", last_seen_at AS "lastSeenAt"
    FROM sessions WHERE token_hash = ANY($1::text[])`,
};

const SESSION_STANDINGS_BY_IDS: PreparedRead = {
  name: 'session_standings_by_ids',
  text: `SELECT id, user_id AS "userId", credentials_epoch AS "credentialsEpoch", expires_at AS "expiresAt"
    FROM sessions WHERE id = ANY($1::uuid[])`,
};

/**
 * Server-side cookie sessions in PostgreSQL. The cookie carries a random token; the table keeps its SHA-256.
 * A session ends at the first of: logout, idle timeout since last use, absolute timeout since sign-in, a move of
 * the user's credentials epoch (logout-all, password reset, take-over). Ending a session ends the sockets opened
 * with the socket tokens it minted.
 */
@Injectable()
export class SessionsService {
  private readonly idleMs: number;
  private readonly absoluteMs: number;
  /** The session cookies of one event-loop turn's requests share one read, by token hash. */
  private readonly records: PerTurnBatcher<string, SessionRecord>;
  /** Socket tokens' session checks of one event-loop turn (a burst of handshakes) share one read, by id. */
  private readonly standings: PerTurnBatcher<string, SessionStanding>;

  constructor(
    private readonly prisma: PrismaService,
    private readonly users: BatchedUserReads,
    private readonly liveConnections: LiveConnections,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.idleMs = config.auth.sessionIdleSeconds * 1000;
    this.absoluteMs = config.auth.sessionAbsoluteSeconds * 1000;
    this.records = new PerTurnBatcher(
      prisma.rowsByKey<SessionRecord, string>(SESSIONS_BY_TOKEN_HASHES, (row) => row.tokenHash),
    );
    this.standings = new PerTurnBatcher(
      prisma.rowsByKey<SessionStanding, string>(SESSION_STANDINGS_BY_IDS, (row) => row.id),
    );
  }

  /**
   * Starts a new session, always under a new token (no fixation). The session the request came with, if any,
   * is ended: signing in again never keeps an old id alive.
   */
  async start(owner: SessionOwner, context: SessionContext, previousToken?: string): Promise<string> {
    const userId = owner.id;
    const token = newOpaqueToken();
    const now = new Date();
    await this.prisma.$transaction([
      this.prisma.session.deleteMany({
        where: {
          OR: [
            ...(previousToken ? [{ tokenHash: hashOpaqueToken(previousToken) }] : []),
            { userId, expiresAt: { lte: now } },
          ],
        },
      }),
      this.prisma.session.create({
        data: {
          tokenHash: hashOpaqueToken(token),
          userId,
          credentialsEpoch: owner.credentialsChangedAt,
          createdAt: now,
          lastSeenAt: now,
          expiresAt: this.expiryFor(now, now),
          ipPrefix: context.ipAddress ? approximateAddress(context.ipAddress) : null,
          userAgent: context.userAgent?.slice(0, 512),
        },
      }),
    ]);
    return token;
  }

  /** The user behind a session token, or null when the token is unknown or the session has ended. */
  async resolve(token: string): Promise<AuthenticatedUser | null> {
    const session = await this.records.load(hashOpaqueToken(token));
    const user = session && (await this.users.find(session.userId));
    if (!session || !user) return null;
    const now = new Date();
    if (this.hasEnded(session, user.credentialsChangedAt, now)) {
      await this.prisma.session.deleteMany({ where: { id: session.id } });
      return null;
    }
    if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
      await this.prisma.session.updateMany({
        where: { id: session.id },
        data: { lastSeenAt: now, expiresAt: this.expiryFor(session.createdAt, now) },
      });
    }
    return {
      id: user.id,
      email: user.email,
      role: user.role,
      via: 'session',
      sessionId: session.id,
      credentialsEpoch: session.credentialsEpoch,
    };
  }

  /** Signed out by a moved credentials epoch, past its expiry, idle too long, or older than the absolute limit. */
  private hasEnded(session: SessionRecord, credentialsChangedAt: Date, now: Date): boolean {
    return (
      session.credentialsEpoch.getTime() !== credentialsChangedAt.getTime() ||
      session.expiresAt <= now ||
      now.getTime() - session.lastSeenAt.getTime() >= this.idleMs ||
      now.getTime() - session.createdAt.getTime() >= this.absoluteMs
    );
  }

  /** Whether the session is still open under the user's current credentials epoch (socket tokens it minted). */
  async isLive(id: string, userId: number, credentialsEpoch: Date): Promise<boolean> {
    const session = await this.standings.load(id);
    return (
      session !== undefined &&
      session.userId === userId &&
      session.credentialsEpoch.getTime() === credentialsEpoch.getTime() &&
      session.expiresAt > new Date()
    );
  }

  /** The user's live sessions, the most recently used first. */
  listLive(userId: number): Promise<SessionSummary[]> {
    return this.prisma.session.findMany({
      where: { userId, expiresAt: { gt: new Date() } },
      orderBy: [{ lastSeenAt: 'desc' }, { createdAt: 'desc' }],
      select: { id: true, createdAt: true, lastSeenAt: true, userAgent: true, ipPrefix: true },
    });
  }

  /** When the user's session `id` started, or null when it is not theirs or has ended. */
  async startedAt(id: string, userId: number): Promise<Date | null> {
    const session = await this.prisma.session.findFirst({
      where: { id, userId, expiresAt: { gt: new Date() } },
      select: { createdAt: true },
    });
    return session?.createdAt ?? null;
  }

  /**
   * Ends the user's session `id` and the sockets it opened (on every instance). False when the user has no such
   * session: another user's session is never touched.
   */
  async endOwnedBy(id: string, userId: number): Promise<boolean> {
    const { count } = await this.prisma.session.deleteMany({ where: { id, userId } });
    if (count === 0) return false;
    await this.liveConnections.endForSession(id);
    return true;
  }

  /** Logout: the session and the sockets it opened end (on every instance). */
  async end(token: string): Promise<void> {
    const session = await this.prisma.session.findUnique({
      where: { tokenHash: hashOpaqueToken(token) },
      select: { id: true },
    });
    if (!session) return;
    await this.prisma.session.deleteMany({ where: { id: session.id } });
    await this.liveConnections.endForSession(session.id);
  }

  private expiryFor(createdAt: Date, lastSeenAt: Date): Date {
    return new Date(Math.min(createdAt.getTime() + this.absoluteMs, lastSeenAt.getTime() + this.idleMs));
  }
}
