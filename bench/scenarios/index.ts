import type { BenchScenario } from '../support/scenario.js';
import { identityCostScenario } from './identity-cost.scenario.js';
import { observabilityCostScenario } from './observability-cost.scenario.js';
import { postsReadScenario } from './posts-read.scenario.js';
import { rateLimitScenario } from './rate-limit.scenario.js';
import { scaleScenario } from './scale.scenario.js';
import { soakScenario } from './soak.scenario.js';
import { socketFanoutScenario } from './socket-fanout.scenario.js';

/**
 * Every benchmark, in the order they run and appear in docs/benchmarks.md. Add a scenario (rate limiter, socket
 * fan-out, ...) as a module in this folder and list it here.
 */
export const scenarios: readonly BenchScenario[] = [
  postsReadScenario,
  identityCostScenario,
  socketFanoutScenario,
  rateLimitScenario,
  soakScenario,
  scaleScenario,
  observabilityCostScenario,
];
