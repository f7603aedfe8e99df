import { readFileSync } from 'node:fs';
import { CLIENT_TYPES_FILE, clientTypes } from '../../scripts/client/client-types.mjs';

// The typed client follows the committed contract: after a change to openapi.json, `npm run client:generate` must
// run (and then tsc checks every program written against the client, test/client among them).

describe('the typed client', () => {
  it('has the types generated from the committed openapi.json', async () => {
    const document: unknown = JSON.parse(readFileSync('openapi.json', 'utf8'));
    const committed = readFileSync(CLIENT_TYPES_FILE, 'utf8');
    const generated = await clientTypes(document, 'openapi.json');
    // On failure: run `npm run client:generate` and commit clients/typescript/hearth-api.ts.
    expect(committed === generated).toBe(true);
  });
});
