import type { HttpClient } from './http.js';

/**
 * A strict reader of the Prometheus text exposition format (0.0.4), as a Prometheus server parses a scrape: any
 * line it does not understand, a sample of an undeclared family, a duplicate series or an inconsistent histogram
 * fails the test.
 */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface MetricFamily {
  name: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  help: string;
  samples: Sample[];
}

export type Exposition = Map<string, MetricFamily>;

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const HELP_LINE = new RegExp(`^# HELP (${NAME}) (.*)$`);
const TYPE_LINE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);
const SAMPLE_LINE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)(?: -?\\d+)?$`);
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(,|$)/y;
const SUFFIXES: Record<MetricFamily['type'], string[]> = {
  counter: [''],
  gauge: [''],
  untyped: [''],
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

function parseLabels(text: string | undefined): Record<string, string> {
  const labels: Record<string, string> = {};
  if (!text) return labels;
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const match = LABEL.exec(text);
    if (!match) throw new Error(`unparsable labels: {${text}}`);
    if (match[1]! in labels) throw new Error(`duplicate label ${match[1]} in {${text}}`);
    labels[match[1]!] = match[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
  }
  return labels;
}

// As Prometheus reads values (Go's ParseFloat): special values in any letter case.
function parseValue(text: string): number {
  const special = text.toLowerCase();
  if (special === '+inf' || special === 'inf') return Infinity;
  if (special === '-inf') return -Infinity;
  if (special === 'nan') return NaN;
  const value = Number(text);
  if (Number.isNaN(value)) throw new Error(`not a number: ${text}`);
  return value;
}

function familyOf(exposition: Exposition, sampleName: string): MetricFamily {
  for (const family of exposition.values()) {
    if (SUFFIXES[family.type].some((suffix) => family.name + suffix === sampleName)) return family;
  }
  throw new Error(`sample ${sampleName} belongs to no declared metric family`);
}

function seriesKey(sample: Sample): string {
  return `${sample.name}{${Object.entries(sample.labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(',')}}`;
}

/** Buckets cumulative and ending at +Inf, whose count is the `_count` sample. */
function checkHistogram(family: MetricFamily): void {
  const groups = new Map<string, Sample[]>();
  for (const sample of family.samples.filter((s) => s.name.endsWith('_bucket'))) {
    const { le, ...rest } = sample.labels;
    if (le === undefined) throw new Error(`${family.name}: bucket without le`);
    const key = seriesKey({ name: '', labels: rest, value: 0 });
    groups.set(key, [...(groups.get(key) ?? []), sample]);
  }
  for (const [key, buckets] of groups) {
    const bounds = buckets.map((bucket) => parseValue(bucket.labels.le!));
    const values = buckets.map((bucket) => bucket.value);
    if (bounds.at(-1) !== Infinity) throw new Error(`${family.name}${key}: no +Inf bucket`);
    if (bounds.some((bound, i) => i > 0 && bound <= bounds[i - 1]!))
      throw new Error(`${family.name}${key}: le order`);
    if (values.some((value, i) => i > 0 && value < values[i - 1]!))
      throw new Error(`${family.name}${key}: not cumulative`);
    const count = family.samples.find(
      (s) => s.name === `${family.name}_count` && seriesKey({ name: '', labels: s.labels, value: 0 }) === key,
    );
    if (count?.value !== values.at(-1)) throw new Error(`${family.name}${key}: +Inf bucket is not _count`);
  }
}

export function parseExposition(text: string): Exposition {
  const exposition: Exposition = new Map();
  const seen = new Set<string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const help = HELP_LINE.exec(line);
    const type = TYPE_LINE.exec(line);
    if (help) {
      exposition.set(help[1]!, { name: help[1]!, type: 'untyped', help: help[2]!, samples: [] });
    } else if (type) {
      const family = exposition.get(type[1]!);
      if (!family || family.samples.length > 0) throw new Error(`TYPE of ${type[1]} must follow its HELP`);
      family.type = type[2] as MetricFamily['type'];
    } else if (!line.startsWith('#')) {
      const sample = SAMPLE_LINE.exec(line);
      if (!sample) throw new Error(`unparsable line: ${line}`);
      const parsed: Sample = {
        name: sample[1]!,
        labels: parseLabels(sample[2]),
        value: parseValue(sample[3]!),
      };
      const key = seriesKey(parsed);
      if (seen.has(key)) throw new Error(`duplicate series ${key}`);
      seen.add(key);
      familyOf(exposition, parsed.name).samples.push(parsed);
    }
  }
  for (const family of exposition.values()) if (family.type === 'histogram') checkHistogram(family);
  return exposition;
}

/** The value of the one sample named `name` whose labels include `labels`; undefined when there is none. */
export function sampleValue(
  exposition: Exposition,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const family = familyOf(exposition, name);
  const matching = family.samples.filter(
    (sample) => sample.name === name && Object.entries(labels).every(([k, v]) => sample.labels[k] === v),
  );
  if (matching.length > 1)
    throw new Error(`${name}${JSON.stringify(labels)} matches ${matching.length} series`);
  return matching[0]?.value;
}

/** GET /metrics, checked to be a 200 in the Prometheus text format, parsed. */
export async function scrape(http: HttpClient, token?: string): Promise<Exposition> {
  const response = await http.get('/metrics', {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
  if (response.status !== 200) throw new Error(`scrape answered ${response.status}: ${response.text}`);
  if (!String(response.headers['content-type']).startsWith('text/plain; version=0.0.4')) {
    throw new Error(`scrape content type ${response.headers['content-type']}`);
  }
  return parseExposition(response.text);
}
