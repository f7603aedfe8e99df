#!/bin/sh
# `prisma generate` insists on a schema-engine binary path but does not run it for generation.
# Offline, point PRISMA_SCHEMA_ENGINE_BINARY here; migrations use the WebAssembly engine (src/infra/database/migrations).
echo "schema-engine stub: migrations run through npm run db:migrate" >&2
exit 1
