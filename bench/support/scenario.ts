import type { Chart } from './charts.js';
import type { BenchDatabase } from './database.js';
import type { MachineInfo } from './machine.js';
import type { ProcessRegistry } from './processes.js';
import type { BenchSettings } from './settings.js';

/** What every scenario gets from the runner. Processes started through `processes` are stopped by the runner. */
export interface BenchContext {
  readonly settings: BenchSettings;
  readonly processes: ProcessRegistry;
  readonly database: BenchDatabase;
  log(message: string): void;
}

/**
 * One benchmark: starts what it measures, measures, and renders its own section of docs/benchmarks.md from the
 * data it returned (which is also saved as JSON, so the page can be regenerated without re-running it).
 */
export interface BenchScenario<Data = unknown> {
  readonly id: string;
  readonly title: string;
  run(context: BenchContext): Promise<Data>;
  render(result: ScenarioResult<Data>): string;
  /** Charts shown under the section (written to docs/img as PNG, or SVG without Chromium). */
  charts?(result: ScenarioResult<Data>): Chart[];
}

/** A finished run as stored in bench/results/<id>/latest.json. */
export interface ScenarioResult<Data = unknown> {
  scenario: string;
  title: string;
  startedAt: string;
  finishedAt: string;
  machine: MachineInfo;
  settings: BenchSettings;
  database: string;
  data: Data;
}
