import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { loadConfig } from './app-config.js';

// The first step of the quick start: `cp .env.example .env`. The copy must start Hearth exactly as no file does.

describe('.env.example', () => {
  const example = parseEnv(readFileSync('.env.example', 'utf8'));

  it('is a valid configuration, equal to the defaults, when copied to .env unchanged', () => {
    expect(loadConfig(example)).toEqual(loadConfig({}));
  });

  it('lists every variable the configuration reads', () => {
    const source = readFileSync('src/config/environment.ts', 'utf8');
    const read = [...source.matchAll(/^ {2}([A-Z][A-Z0-9_]+):/gm)].map((match) => match[1]);
    expect(read.filter((name) => !(name in example))).toEqual([]);
  });
});
