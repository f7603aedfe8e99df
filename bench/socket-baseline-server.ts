import { createServer } from 'node:http';
import { Server } from 'socket.io';

// The fan-out baseline: a bare socket.io server with nothing but rooms and one broadcast, same defaults as
// Hearth (websocket transport, default ping settings, in-memory adapter). POST /broadcast emits one
// post_created-shaped event to the `posts` room, as Hearth does after a post is created.

const port = Number(process.env.PORT ?? 3001);
let sequence = 0;

const http = createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/health') {
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  if (request.method === 'POST' && request.url === '/broadcast') {
    sequence += 1;
    const now = new Date().toISOString();
    io.to('posts').emit('post_created', {
      dom_id: `posts-${sequence}`,
      post: {
        title: `Broadcast ${sequence}`,
        body: 'Fan-out',
        likes: 0,
        published: true,
        created_at: now,
        updated_at: now,
      },
    });
    response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: sequence }));
    return;
  }
  response.writeHead(404).end();
});

const io = new Server(http, { serveClient: false });
io.on('connection', (socket) => {
  socket.on('join', (payload: { topic?: unknown }, ack?: (response: unknown) => void) => {
    if (payload?.topic === 'posts') void socket.join('posts');
    ack?.({ ok: true });
  });
});

http.listen(port, '127.0.0.1', () => console.log(`socket.io baseline listening on ${port}`));
process.on('SIGTERM', () => io.close(() => process.exit(0)));
process.on('SIGINT', () => io.close(() => process.exit(0)));
