import { commentsSeries } from './comments.series.js';
import { postsSeries } from './posts.series.js';
import type { ScaleSeries } from './series.js';

/** Every series the scale scenario grows and measures, in order (BENCH_SCALE_SERIES picks some by id). */
export const SCALE_SERIES: readonly ScaleSeries[] = [postsSeries, commentsSeries].filter(
  (series) =>
    !process.env.BENCH_SCALE_SERIES || process.env.BENCH_SCALE_SERIES.split(',').includes(series.id),
);
