import { io, type Socket } from 'socket.io-client';

/** A socket.io client (websocket transport, no reconnection) that has connected and joined `topic`. */
export async function connectJoined(
  baseUrl: string,
  token: string | undefined,
  topic: string,
  ackTimeoutMs = 30_000,
): Promise<Socket> {
  const socket = io(baseUrl, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: token ? { token } : {},
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  const ack = (await socket.timeout(ackTimeoutMs).emitWithAck('join', { topic })) as { ok: boolean };
  if (!ack.ok) throw new Error(`join ${topic} refused: ${JSON.stringify(ack)}`);
  return socket;
}

/** `count` clients joined to `topic`, connected `batch` at a time (all of a batch at once), client `i` with `tokenOf(i)`. */
export async function connectJoinedMany(
  baseUrl: string,
  tokenOf: (client: number) => string | undefined,
  topic: string,
  { count, batch }: { count: number; batch: number },
): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let start = 0; start < count; start += batch) {
    const size = Math.min(batch, count - start);
    sockets.push(
      ...(await Promise.all(
        Array.from({ length: size }, (_, i) => connectJoined(baseUrl, tokenOf(start + i), topic)),
      )),
    );
  }
  return sockets;
}
