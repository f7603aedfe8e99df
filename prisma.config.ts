import path from 'node:path';
import { defineConfig } from 'prisma/config';

// The Prisma CLI is used only for `generate` here; migrations run through scripts/db (no native engine needed).
export default defineConfig({
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
});
