import { Injectable } from '@nestjs/common';
import { AccountExportRepository } from './account-export.repository.js';
import { LifecycleError } from './lifecycle.errors.js';

const iso = (date: Date | null) => date?.toISOString() ?? null;

type Repo = AccountExportRepository;
type Rows<K extends keyof Repo> = Repo[K] extends (userId: number) => AsyncGenerator<infer Row> ? Row : never;

/** The sections that are read in pages, each with how one row is written (snake_case, ISO timestamps). */
const PAGED_SECTIONS = {
  posts: (post: Rows<'posts'>) => ({
    id: post.id,
    title: post.title,
    body: post.body,
    published: post.published,
    likes: post.likesCount,
    created_at: iso(post.createdAt),
    updated_at: iso(post.updatedAt),
  }),
  comments: (comment: Rows<'comments'>) => ({
    id: comment.id,
    post_id: comment.postId,
    body: comment.body,
    created_at: iso(comment.createdAt),
    updated_at: iso(comment.updatedAt),
  }),
  likes: (like: Rows<'likes'>) => ({ post_id: like.postId, created_at: iso(like.createdAt) }),
  uploads: (upload: Rows<'uploads'>) => ({
    id: upload.id,
    name: upload.name,
    content_type: upload.contentType,
    size: upload.size,
    status: upload.status,
    created_at: iso(upload.createdAt),
  }),
  orders: (order: Rows<'orders'>) => ({
    id: order.id,
    status: order.status,
    amount_cents: order.amountCents,
    currency: order.currency,
    created_at: iso(order.createdAt),
    updated_at: iso(order.updatedAt),
    items: order.items.map((item) => ({
      product_id: item.productId,
      name: item.name,
      price_cents: item.priceCents,
      quantity: item.quantity,
    })),
  }),
  jobs: (job: Rows<'jobs'>) => ({
    id: job.id,
    kind: job.kind,
    status: job.status,
    input: job.input,
    created_at: iso(job.createdAt),
    finished_at: iso(job.finishedAt),
  }),
} satisfies { [K in keyof Repo]?: (row: Rows<K>) => unknown };

/**
 * `GET /api/auth/account/export`: one JSON document of everything Hearth stores about the caller, written as it is
 * read (small sections whole, large ones page by page). Credentials appear only as facts: `has_password`, API keys
 * by prefix, sessions without their token; no hash, token or key ever.
 */
@Injectable()
export class AccountExportService {
  constructor(private readonly repository: AccountExportRepository) {}

  /** Reads the profile first, so an account that is gone fails before the response starts (401, not a cut stream). */
  async open(userId: number): Promise<AsyncGenerator<string>> {
    const profile = await this.repository.profile(userId);
    if (!profile) throw new LifecycleError('unauthenticated', 'Authentication is required.');
    const hasPassword = await this.repository.hasPassword(userId);
    const head = {
      format: 'hearth-account-export/1',
      exported_at: new Date().toISOString(),
      profile: {
        id: profile.id,
        email: profile.email,
        display_name: profile.displayName,
        role: profile.role,
        email_verified: profile.emailVerifiedAt !== null,
        email_verified_at: iso(profile.emailVerifiedAt),
        has_password: hasPassword,
        created_at: iso(profile.createdAt),
        updated_at: iso(profile.updatedAt),
      },
    };
    return this.write(userId, head);
  }

  private async *write(userId: number, head: object): AsyncGenerator<string> {
    const opening = JSON.stringify(head);
    yield opening.slice(0, -1);
    for (const [name, section] of Object.entries(await this.smallSections(userId))) {
      yield `,${JSON.stringify(name)}:${JSON.stringify(section)}`;
    }
    for (const name of Object.keys(PAGED_SECTIONS) as (keyof typeof PAGED_SECTIONS)[]) {
      yield* this.pagedSection(name, userId);
    }
    yield '}\n';
  }

  private async *pagedSection(name: keyof typeof PAGED_SECTIONS, userId: number): AsyncGenerator<string> {
    const present = PAGED_SECTIONS[name] as (row: unknown) => unknown;
    yield `,${JSON.stringify(name)}:[`;
    let separator = '';
    for await (const row of this.repository[name](userId) as AsyncGenerator<unknown>) {
      yield separator + JSON.stringify(present(row));
      separator = ',';
    }
    yield ']';
  }

  private async smallSections(userId: number) {
    const [identities, sessions, apiKeys, cart, topics] = await Promise.all([
      this.repository.identities(userId),
      this.repository.sessions(userId),
      this.repository.apiKeys(userId),
      this.repository.cart(userId),
      this.repository.topicMemberships(userId),
    ]);
    return {
      identities: identities.map((identity) => ({
        provider: identity.provider,
        provider_user_id: identity.providerUserId,
        email: identity.email,
        linked_at: iso(identity.createdAt),
      })),
      sessions: sessions.map((session) => ({
        id: session.id,
        created_at: iso(session.createdAt),
        last_seen_at: iso(session.lastSeenAt),
        expires_at: iso(session.expiresAt),
        ip_prefix: session.ipPrefix,
        user_agent: session.userAgent,
      })),
      api_keys: apiKeys.map((key) => ({
        id: key.id,
        name: key.name,
        prefix: key.prefix,
        rate_limit_per_hour: key.rateLimitPerHour,
        created_at: iso(key.createdAt),
        last_used_at: iso(key.lastUsedAt),
        revoked_at: iso(key.revokedAt),
      })),
      cart: cart.map((item) => ({
        product_id: item.productId,
        name: item.product.name,
        price_cents: item.product.priceCents,
        quantity: item.quantity,
        added_at: iso(item.createdAt),
      })),
      topic_memberships: topics.map((member) => ({ topic: member.topic, joined_at: iso(member.createdAt) })),
    };
  }
}
