import type pg from 'pg';
import type { RunningHearth } from '../support/hearth.js';
import type { BenchSettings } from '../support/settings.js';
import type { CapturedPlan } from './plans.js';

// The scale scenario charts cost against data size for one or more series. A series owns one growing dimension
// (posts in the table; later, issue 17's comments of one post, flat from 10 to 100,000 with keyset listing): it
// grows its data with SQL, measures requests at each size, and names the requests whose SQL is EXPLAINed. To add
// one, write `<name>.series.ts` exporting a ScaleSeries and list it in SCALE_SERIES (bench/scale/index.ts).

/** Issue-style goal for a metric at the largest size. */
export type ScaleGoal =
  { kind: 'share-of-smallest'; min: number } | { kind: 'at-most-ms'; max: number } | { kind: 'flat' };

/** Which chart a metric is drawn in. */
export type MetricGroup = 'throughput' | 'reads' | 'search' | 'writes';

export interface ScaleMetric {
  id: string;
  label: string;
  group: MetricGroup;
  unit: 'req/s' | 'ms';
  /** null when it could not be measured (then `note` says why); JSON has no NaN. */
  value: number | null;
  note?: string;
  goal?: ScaleGoal;
}

/** One size of one series: what the tables held, how long growing took, what was measured, the plans. */
export interface ScalePoint {
  size: number;
  growSeconds: number;
  tables: Record<string, number | Record<string, number>>;
  metrics: ScaleMetric[];
  plans: CapturedPlan[];
}

/** A request (or a short exchange, such as a search job polled to its end) whose SQL is captured. */
export interface HotRequest {
  name: string;
  run(): Promise<void>;
}

/** What a series measures with: one Hearth as deployed, one more behind the SQL-capturing proxy. */
export interface ScaleServers {
  /** Connected straight to the database: every timing comes from this one. */
  readonly measured: RunningHearth;
  /** Connected through the capture proxy: only for seeing which SQL a request sends. */
  readonly captured: RunningHearth;
  /** A session on the scale database (loading, sampling ids). */
  readonly db: pg.Client;
  readonly settings: BenchSettings;
  log(message: string): void;
}

export interface ScaleSeries {
  readonly id: string;
  readonly title: string;
  /** What a size counts ("posts"). */
  readonly unit: string;
  sizes(settings: BenchSettings): number[];
  /** Adds rows until the series' table holds `size` (sizes come in increasing order). */
  grow(db: pg.Client, size: number, log: (message: string) => void): Promise<void>;
  /** Row counts and relation sizes, for the report. */
  describe(db: pg.Client): Promise<ScalePoint['tables']>;
  measure(servers: ScaleServers, size: number): Promise<ScaleMetric[]>;
  /** Requests to send to `servers.captured`; their statements are EXPLAINed (ANALYZE, BUFFERS). */
  hotRequests(servers: ScaleServers, size: number): Promise<HotRequest[]>;
}
