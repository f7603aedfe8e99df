import { postsSeries } from './posts.series.js';
import type { ScaleSeries } from './series.js';

/**
 * Every series the scale scenario grows and measures, in order. Issue 17's comments listing (one post's comments,
 * flat from 10 to 100,000, keyset) goes here as `commentsSeries` from `comments.series.ts`.
 */
export const SCALE_SERIES: readonly ScaleSeries[] = [postsSeries];
