import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

// Server logs of a run (Hearth logs every request at info): one directory per run under .data/bench/logs, of
// which only the last few are kept.

const LOGS_ROOT = path.join('.data', 'bench', 'logs');
const RUNS_KEPT = 3;
let runDir: string | undefined;

/** A log file for `name` in this run's directory (created, and older runs pruned, on first use). */
export function logFileFor(name: string): string {
  if (!runDir) {
    runDir = path.join(LOGS_ROOT, new Date().toISOString().replace(/[:.]/g, '-'));
    mkdirSync(runDir, { recursive: true });
    const runs = readdirSync(LOGS_ROOT).sort();
    for (const old of runs.slice(0, Math.max(0, runs.length - RUNS_KEPT))) {
      rmSync(path.join(LOGS_ROOT, old), { recursive: true, force: true });
    }
  }
  return path.join(runDir, `${name.replace(/[^a-z0-9-]+/gi, '-')}.log`);
}
