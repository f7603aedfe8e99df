// @nestjs/throttler ships CommonJS that require()s @nestjs/common and @nestjs/core, ES modules since Nest 12.
// Node (20.19+) loads that natively, but Jest can only require() an ES module on Node 24.9+. jest.config.js maps
// '@nestjs/throttler' here: this module runs the package's CommonJS files with a require() that hands them the
// Nest modules Jest has already loaded, so tests use the real package and one copy of Nest, as production does.
import * as nestCommon from '@nestjs/common';
import * as nestCore from '@nestjs/core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const requireFromHere = createRequire(import.meta.url);
const packageDir = path.dirname(requireFromHere.resolve('@nestjs/throttler/package.json'));
const esModules = { '@nestjs/common': nestCommon, '@nestjs/core': nestCore };
const loaded = new Map();

function load(file) {
  if (loaded.has(file)) return loaded.get(file).exports;
  const module = { exports: {} };
  loaded.set(file, module);
  const require = (id) => {
    if (id in esModules) return esModules[id];
    if (id.startsWith('.')) return load(requireFromHere.resolve(path.resolve(path.dirname(file), id)));
    return requireFromHere(id);
  };
  const run = new Function(
    'exports',
    'require',
    'module',
    '__filename',
    '__dirname',
    readFileSync(file, 'utf8'),
  );
  run(module.exports, require, module, file, path.dirname(file));
  return module.exports;
}

const throttler = load(path.join(packageDir, 'dist/index.js'));

export default throttler;
export const {
  DEFAULT_IPV6_SUBNET_PREFIX,
  DEFAULT_SWEEP_INTERVAL,
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  SkipThrottle,
  Throttle,
  ThrottlerException,
  ThrottlerGuard,
  ThrottlerModule,
  ThrottlerStorage,
  ThrottlerStorageService,
  days,
  getOptionsToken,
  getStorageToken,
  hours,
  minutes,
  normalizeIp,
  seconds,
  throttlerMessage,
  weeks,
} = throttler;
