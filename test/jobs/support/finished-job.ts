import type { HttpClient, HttpResponse } from '../../support/http.js';

/** Polls GET /api/jobs/:id until the job has left `loading`, within a bounded time. */
export async function finishedJob(http: HttpClient, id: string, timeoutMs = 15_000): Promise<HttpResponse> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await http.get(`/api/jobs/${id}`);
    if (response.status !== 200 || response.body.status !== 'loading') return response;
    if (Date.now() > deadline) throw new Error(`job ${id} still loading after ${timeoutMs} ms`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
