import type { PrismaService } from '../infra/database/prisma.service.js';
import type { PostsService } from '../posts/posts.service.js';
import type { UsersRepository } from '../users/users.repository.js';
import { TopicAccessPolicy } from './topic-access.policy.js';
import { parseTopic } from './topics.js';

describe('TopicAccessPolicy: where clients may send messages', () => {
  // Sending needs no membership lookup, so no database is involved.
  const policy = new TopicAccessPolicy({} as PrismaService, {} as UsersRepository, {} as PostsService);

  it.each(['posts', 'post:42'])(
    'refuses messages to %s, which carries changes from the server only',
    (name) => {
      expect(() => policy.assertCanSend(parseTopic(name))).toThrow(
        expect.objectContaining({ status: 403, code: 'topic_read_only' }),
      );
    },
  );

  it.each(['room:lobby', 'private:abc123'])('lets clients send to %s', (name) => {
    expect(() => policy.assertCanSend(parseTopic(name))).not.toThrow();
  });
});

describe('parseTopic: post topics', () => {
  it('names one post by its canonical id', () => {
    expect(parseTopic('post:42')).toEqual({ kind: 'post', name: 'post:42', postId: 42 });
  });

  it.each(['post:0', 'post:042', 'post:-1', 'post:1e3', 'post:2147483648', 'post:abc', 'post:'])(
    'refuses %s',
    (name) => {
      expect(() => parseTopic(name)).toThrow(expect.objectContaining({ code: 'invalid_topic' }));
    },
  );
});
