import { io, type Socket } from 'socket.io-client';

const WAIT_MS = 5_000;

/** A real socket.io client over WebSocket, connected (or refused) before it is returned. */
export function connectSocket(baseUrl: string, token?: string): Promise<Socket> {
  const socket = io(baseUrl, {
    path: '/socket.io',
    transports: ['websocket'],
    auth: token === undefined ? {} : { token },
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** The next `event` on `socket` matching `accept`; rejects after a few seconds. */
export function nextEvent<T = any>(
  socket: Socket,
  event: string,
  accept: (payload: T) => boolean = () => true,
  timeoutMs = WAIT_MS,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no "${event}" within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: T) => {
      if (!accept(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

/** Every `event` received from now on (for asserting that something did NOT arrive, or arrived once). */
export function recordEvents<T = any>(socket: Socket, event: string): T[] {
  const received: T[] = [];
  socket.on(event, (payload: T) => received.push(payload));
  return received;
}

export function request<T = any>(socket: Socket, event: string, payload?: unknown): Promise<T> {
  return socket.timeout(WAIT_MS).emitWithAck(event, payload) as Promise<T>;
}

/** Joins and returns the ack together with the presence_state that follows a room join. */
export async function joinTopic(socket: Socket, topic: string): Promise<{ ack: any; state: any }> {
  const state = nextEvent(socket, 'presence_state', (payload: { topic: string }) => payload.topic === topic);
  const ack = await request(socket, 'join', { topic });
  return { ack, state: ack.ok && topic !== 'posts' ? await state : null };
}

/**
 * Proves a negative without waiting on the clock: `send` a sentinel after the message under test, along the same
 * path (from the same instance, through the same kind of broadcast), and wait until it lands on `socket` as
 * `event`. A connection delivers in order, so anything sent before the sentinel has landed by then: assert the
 * absence right after this resolves.
 */
export async function untilSentinelLands<T = any>(
  socket: Socket,
  event: string,
  isSentinel: (payload: T) => boolean,
  send: () => Promise<unknown>,
  timeoutMs = WAIT_MS,
): Promise<T> {
  const landed = nextEvent(socket, event, isSentinel, timeoutMs);
  await send();
  return landed;
}

/** Applies a presence_diff the way Phoenix's client (Presence.syncDiff) does: metas merge per user. */
export function applyPresenceDiff<Meta extends { phx_ref: string }>(
  state: Record<string, { metas: Meta[] }>,
  diff: { joins: typeof state; leaves: typeof state },
): typeof state {
  const next = structuredClone(state);
  for (const [user, { metas }] of Object.entries(diff.joins)) {
    next[user] = { metas: [...(next[user]?.metas ?? []), ...metas] };
  }
  for (const [user, { metas }] of Object.entries(diff.leaves)) {
    const left = new Set(metas.map((meta) => meta.phx_ref));
    const remaining = (next[user]?.metas ?? []).filter((meta) => !left.has(meta.phx_ref));
    if (remaining.length === 0) delete next[user];
    else next[user] = { metas: remaining };
  }
  return next;
}
