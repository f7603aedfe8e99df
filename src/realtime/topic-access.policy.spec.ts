import type { PrismaService } from '../infra/database/prisma.service.js';
import { TopicAccessPolicy } from './topic-access.policy.js';
import { parseTopic } from './topics.js';

describe('TopicAccessPolicy: where clients may send messages', () => {
  // Sending needs no membership lookup, so no database is involved.
  const policy = new TopicAccessPolicy({} as PrismaService);

  it('refuses messages to the posts topic, which carries post changes from the server only', () => {
    expect(() => policy.assertCanSend(parseTopic('posts'))).toThrow(
      expect.objectContaining({ status: 403, code: 'topic_read_only' }),
    );
  });

  it.each(['room:lobby', 'private:abc123'])('lets clients send to %s', (name) => {
    expect(() => policy.assertCanSend(parseTopic(name))).not.toThrow();
  });
});
