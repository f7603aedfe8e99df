import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

// Charts for docs/benchmarks.md: drawn as SVG here, rasterised to PNG by headless Chromium (Debian's package,
// driven by playwright-core) when it is installed; otherwise the SVG itself is linked.

export interface LineChart {
  kind: 'line';
  file: string;
  title: string;
  xLabel: string;
  yLabel: string;
  series: { name: string; points: [number, number][] }[];
}

export interface BarChart {
  kind: 'bar';
  file: string;
  title: string;
  yLabel: string;
  categories: string[];
  series: { name: string; values: number[] }[];
}

export type Chart = LineChart | BarChart;

const WIDTH = 800;
const HEIGHT = 360;
const MARGIN = { top: 40, right: 20, bottom: 70, left: 70 };
const COLORS = ['#d9480f', '#1c7ed6', '#2b8a3e', '#862e9c', '#e67700'];
const PLOT_W = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_H = HEIGHT - MARGIN.top - MARGIN.bottom;

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map((step) => step * magnitude).find((candidate) => candidate >= value) ?? value;
}

function format(value: number): string {
  return value >= 1000
    ? value.toLocaleString('en-US', { maximumFractionDigits: 0 })
    : String(+value.toFixed(2));
}

function frame(chart: Chart, yMax: number, body: string[], legend: string[]): string {
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((fraction) => {
    const y = MARGIN.top + PLOT_H * (1 - fraction);
    return (
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + PLOT_W}" y1="${y}" y2="${y}" stroke="#e9ecef"/>` +
      `<text x="${MARGIN.left - 8}" y="${y + 4}" text-anchor="end">${format(yMax * fraction)}</text>`
    );
  });
  const legendItems = legend.map(
    (name, index) =>
      `<rect x="${MARGIN.left + index * 190}" y="${HEIGHT - 22}" width="12" height="12" fill="${COLORS[index % COLORS.length]}"/>` +
      `<text x="${MARGIN.left + index * 190 + 18}" y="${HEIGHT - 12}">${escape(name)}</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" ` +
      `font-family="DejaVu Sans, Arial, sans-serif" font-size="12" fill="#212529">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${escape(chart.title)}</text>`,
    ...ticks,
    `<text transform="translate(16 ${MARGIN.top + PLOT_H / 2}) rotate(-90)" text-anchor="middle">${escape(chart.yLabel)}</text>`,
    ...body,
    `<line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${MARGIN.top + PLOT_H}" stroke="#495057"/>`,
    `<line x1="${MARGIN.left}" x2="${MARGIN.left + PLOT_W}" y1="${MARGIN.top + PLOT_H}" y2="${MARGIN.top + PLOT_H}" stroke="#495057"/>`,
    ...legendItems,
    '</svg>',
  ].join('\n');
}

function lineSvg(chart: LineChart): string {
  const all = chart.series.flatMap((series) => series.points);
  const xMax = Math.max(...all.map(([x]) => x), 1);
  const yMax = niceMax(Math.max(...all.map(([, y]) => y)));
  const sx = (x: number) => MARGIN.left + (x / xMax) * PLOT_W;
  const sy = (y: number) => MARGIN.top + PLOT_H * (1 - y / yMax);
  const body = chart.series.map((series, index) => {
    const d = series.points.map(
      ([x, y], i) => `${i === 0 ? 'M' : 'L'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`,
    );
    return `<path d="${d.join(' ')}" fill="none" stroke="${COLORS[index % COLORS.length]}" stroke-width="2"/>`;
  });
  const xTicks = [0, 0.25, 0.5, 0.75, 1].map(
    (fraction) =>
      `<text x="${sx(xMax * fraction)}" y="${MARGIN.top + PLOT_H + 18}" text-anchor="middle">${format(xMax * fraction)}</text>`,
  );
  body.push(
    ...xTicks,
    `<text x="${MARGIN.left + PLOT_W / 2}" y="${MARGIN.top + PLOT_H + 36}" text-anchor="middle">${escape(chart.xLabel)}</text>`,
  );
  return frame(
    chart,
    yMax,
    body,
    chart.series.map((series) => series.name),
  );
}

function barSvg(chart: BarChart): string {
  const yMax = niceMax(Math.max(...chart.series.flatMap((series) => series.values)));
  const groupWidth = PLOT_W / chart.categories.length;
  const barWidth = (groupWidth * 0.8) / chart.series.length;
  const body = chart.categories.flatMap((category, c) => {
    const bars = chart.series.map((series, s) => {
      const value = series.values[c] ?? 0;
      const height = (value / yMax) * PLOT_H;
      const x = MARGIN.left + c * groupWidth + groupWidth * 0.1 + s * barWidth;
      const y = MARGIN.top + PLOT_H - height;
      return (
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(barWidth - 2).toFixed(1)}" height="${height.toFixed(1)}" ` +
        `fill="${COLORS[s % COLORS.length]}"/>` +
        `<text x="${(x + barWidth / 2).toFixed(1)}" y="${(y - 4).toFixed(1)}" text-anchor="middle" font-size="10">${format(value)}</text>`
      );
    });
    const label = `<text x="${MARGIN.left + c * groupWidth + groupWidth / 2}" y="${MARGIN.top + PLOT_H + 18}" text-anchor="middle">${escape(category)}</text>`;
    return [...bars, label];
  });
  return frame(
    chart,
    yMax,
    body,
    chart.series.map((series) => series.name),
  );
}

export function chartSvg(chart: Chart): string {
  return chart.kind === 'line' ? lineSvg(chart) : barSvg(chart);
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Writes each chart into `dir` as SVG and, when Chromium is available, as PNG. Returns, per chart file name, the
 * image to link (relative to `dir`).
 */
export async function writeCharts(charts: Chart[], dir: string): Promise<Map<string, string>> {
  await mkdir(dir, { recursive: true });
  const links = new Map<string, string>();
  for (const chart of charts) {
    await writeFile(path.join(dir, `${chart.file}.svg`), chartSvg(chart));
    links.set(chart.file, `${chart.file}.svg`);
  }
  if (charts.length === 0 || !existsSync(CHROMIUM)) return links;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: WIDTH, height: HEIGHT } });
    for (const chart of charts) {
      await page.setContent(`<body style="margin:0">${chartSvg(chart)}</body>`);
      await page.screenshot({
        path: path.join(dir, `${chart.file}.png`),
        clip: { x: 0, y: 0, width: WIDTH, height: HEIGHT },
      });
      links.set(chart.file, `${chart.file}.png`);
    }
  } finally {
    await browser.close();
  }
  return links;
}
