// `npm run client:generate [-- <document.json>]`: TypeScript types for the typed client (clients/typescript/) from
// the committed OpenAPI document, openapi.json (after `npm run openapi`).
import { readFileSync, writeFileSync } from 'node:fs';
import { CLIENT_TYPES_FILE, clientTypes } from './client-types.mjs';

const source = process.argv[2] ?? 'openapi.json';
const document = JSON.parse(readFileSync(source, 'utf8'));
writeFileSync(CLIENT_TYPES_FILE, await clientTypes(document, source));
console.log(`wrote ${CLIENT_TYPES_FILE} (${Object.keys(document.paths).length} paths)`);
