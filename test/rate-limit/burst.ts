import http from 'node:http';

export interface BurstResult {
  status: number;
  remaining?: number;
  limit?: number;
  reset?: number;
  retryAfter?: number;
  code?: string;
}

/** Fires `count` GETs at once (spread over `baseUrls`) through keep-alive agents; resolves with every answer. */
export async function burst(
  baseUrls: string[],
  path: string,
  headers: Record<string, string>,
  count: number,
): Promise<BurstResult[]> {
  const agents = baseUrls.map(() => new http.Agent({ keepAlive: true, maxSockets: 64 }));
  try {
    return await Promise.all(
      Array.from(
        { length: count },
        (_, index) =>
          new Promise<BurstResult>((resolve, reject) => {
            const which = index % baseUrls.length;
            const request = http.get(
              new URL(path, baseUrls[which]),
              { headers, agent: agents[which] },
              (response) => {
                let text = '';
                response.on('data', (chunk) => (text += chunk));
                response.on('end', () => {
                  const number = (name: string) =>
                    response.headers[name] === undefined ? undefined : Number(response.headers[name]);
                  resolve({
                    status: response.statusCode ?? 0,
                    remaining: number('x-ratelimit-remaining'),
                    limit: number('x-ratelimit-limit'),
                    reset: number('x-ratelimit-reset'),
                    retryAfter: number('retry-after'),
                    code: response.statusCode === 429 ? JSON.parse(text).error.code : undefined,
                  });
                });
              },
            );
            request.on('error', reject);
          }),
      ),
    );
  } finally {
    agents.forEach((agent) => agent.destroy());
  }
}
