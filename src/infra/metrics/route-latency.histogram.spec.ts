import { Histogram, Registry } from 'prom-client';
import { RouteLatencyHistogram } from './route-latency.histogram.js';

const BUCKETS = [0.01, 0.1, 1];
const OBSERVATIONS: [string, string, number, number][] = [
  ['/api/v2/posts', 'GET', 200, 0.004],
  ['/api/v2/posts', 'GET', 204, 0.01],
  ['/api/v2/posts', 'GET', 200, 0.5],
  ['/api/v2/posts', 'GET', 503, 7],
  ['/api/v2/posts/:id', 'DELETE', 404, 0.02],
  ['unmatched', 'GET', 404, 0.001],
];

async function exposition(register: (registry: Registry) => (...o: (typeof OBSERVATIONS)[number]) => void) {
  const registry = new Registry();
  const observe = register(registry);
  for (const observation of OBSERVATIONS) observe(...observation);
  return registry.metrics();
}

describe('RouteLatencyHistogram', () => {
  it("exposes exactly what prom-client's Histogram exposes for the same observations", async () => {
    const ours = await exposition((registry) => {
      const histogram = new RouteLatencyHistogram('http_seconds', 'help', BUCKETS);
      registry.registerMetric(histogram as never);
      return (route, method, status, seconds) => histogram.observe(route, method, status, seconds);
    });
    const reference = await exposition((registry) => {
      const histogram = new Histogram({
        name: 'http_seconds',
        help: 'help',
        labelNames: ['method', 'route', 'status_class'],
        buckets: BUCKETS,
        registers: [registry],
      });
      return (route, method, status, seconds) =>
        histogram.observe({ method, route, status_class: `${Math.floor(status / 100)}xx` }, seconds);
    });
    const lines = (text: string) => text.split('\n').sort();
    expect(lines(ours)).toEqual(lines(reference));
  });

  it('files a status outside 100-599 under 5xx rather than a new series', () => {
    const histogram = new RouteLatencyHistogram('h', 'help', BUCKETS);
    histogram.observe('/x', 'GET', 999, 0.1);
    histogram.observe('/x', 'GET', 0, 0.1);
    const counts = histogram.get().values.filter((sample) => sample.metricName === 'h_count');
    expect(counts).toEqual([
      { metricName: 'h_count', labels: { method: 'GET', route: '/x', status_class: '5xx' }, value: 2 },
    ]);
  });
});
