// `npm run client:generate [-- <document.json>]`: TypeScript types for the typed client (clients/typescript/) from
// the committed OpenAPI document, openapi.json, or (while there is none) from the document the server serves.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { CLIENT_TYPES_FILE, clientTypes } from './client-types.mjs';

const COMMITTED_DOCUMENT = process.argv[2] ?? 'openapi.json';

async function loadDocument() {
  if (existsSync(COMMITTED_DOCUMENT)) return JSON.parse(readFileSync(COMMITTED_DOCUMENT, 'utf8'));
  const { servedDocument } = await import('./served-document.mjs');
  return servedDocument();
}

const document = await loadDocument();
const source = existsSync(COMMITTED_DOCUMENT)
  ? COMMITTED_DOCUMENT
  : 'the served document (no openapi.json yet)';
writeFileSync(CLIENT_TYPES_FILE, await clientTypes(document, source));
console.log(`wrote ${CLIENT_TYPES_FILE} (${Object.keys(document.paths).length} paths)`);
