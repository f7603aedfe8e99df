import type { LoadResult } from '../support/load.js';
import { loadTable, runDescription } from '../support/report.js';
import type { ScenarioResult } from '../support/scenario.js';

// Results saved before the plain-Nest target existed (Hearth with LOG_LEVEL=warn against the bare server only)
// still render, marked as such, until the scenario is run again.

export interface LegacyPostsReadData {
  publishedPosts: number;
  rows: LoadResult[];
}

export function legacyPostsReadSection(result: ScenarioResult<LegacyPostsReadData>): string {
  return [
    `## ${result.title}`,
    '',
    runDescription(result),
    `- Data: ${result.data.publishedPosts} published posts.`,
    '',
    loadTable(result.data.rows),
    '',
    'These numbers predate the current scenario: Hearth ran with `LOG_LEVEL=warn` and was compared with the bare ' +
      'server only. Run `npm run bench -- posts-read` for Hearth as deployed against the plain Nest + Prisma app.',
  ].join('\n');
}
