import type { Job } from '../generated/prisma/client.js';

export const JobPresenter = {
  present: (job: Job) => ({
    id: job.id,
    status: job.status,
    ...(job.status === 'ok' && { result: job.result }),
    ...(job.status === 'error' && { error: job.error }),
  }),
};
