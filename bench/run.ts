import { type BenchDatabase, prepareBenchDatabase } from './support/database.js';
import { describeMachine } from './support/machine.js';
import { runEntryPoint } from './support/entry-points.js';
import { ProcessRegistry } from './support/processes.js';
import { saveResult, writeMarkdown } from './support/report.js';
import type { ScenarioResult } from './support/scenario.js';
import { loadBenchSettings } from './support/settings.js';
import { scenarios } from './scenarios/index.js';

// `npm run bench [-- <scenario id>...]`: build, run every scenario (or those named, or BENCH_SCENARIOS), save raw
// JSON under bench/results/ and regenerate docs/benchmarks.md. Every child process is stopped on the way out, also on failure and Ctrl-C.

const processes = new ProcessRegistry();
const log = (message: string) => console.log(`[bench] ${message}`);

async function main(): Promise<void> {
  const settings = loadBenchSettings(process.argv.slice(2));
  const selected = scenarios.filter((scenario) => !settings.only || settings.only.includes(scenario.id));
  const unknown = settings.only?.filter((id) => !scenarios.some((scenario) => scenario.id === id)) ?? [];
  if (unknown.length > 0) {
    throw new Error(
      `unknown BENCH_SCENARIOS: ${unknown.join(', ')} (known: ${scenarios.map((s) => s.id).join(', ')})`,
    );
  }

  if (settings.renderOnly) {
    log(`wrote ${await writeMarkdown(scenarios)}`);
    return;
  }
  if (!settings.skipBuild) {
    log('building (npm run build)');
    await processes.run('build', 'npm', ['run', 'build', '--silent']);
  }

  let database: BenchDatabase | undefined;
  try {
    database = await prepareBenchDatabase();
    log(`database: ${database.description}`);
    for (const scenario of selected) {
      log(`scenario ${scenario.id}: ${scenario.title}`);
      const startedAt = new Date().toISOString();
      const machine = describeMachine();
      const data = await scenario.run({ settings, processes, database, log });
      await processes.stopAll();
      const result: ScenarioResult = {
        scenario: scenario.id,
        title: scenario.title,
        startedAt,
        finishedAt: new Date().toISOString(),
        machine,
        settings,
        database: database.description,
        data,
      };
      log(`raw results: ${await saveResult(result)}`);
    }
  } finally {
    await processes.stopAll();
    await database?.dispose();
  }
  log(`wrote ${await writeMarkdown(scenarios)}`);
}

runEntryPoint('bench', processes, main);
