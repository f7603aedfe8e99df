// Prisma's schema engine compiled to WebAssembly, driven through @prisma/adapter-pg, so that migrations work
// without the native engine binary (which cannot be downloaded offline). See README "Migrations".
//
// @prisma/adapter-pg 7.10.1 has three bugs in the paths the schema engine uses; each workaround below has a
// regression test in schema-engine.spec.ts that fails loudly if a version bump changes the internals.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import pg from 'pg';
import { parse } from 'pg-connection-string';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';

/* eslint-disable @typescript-eslint/no-explicit-any -- the wasm engine and adapter internals are untyped */
type Queryable = any;
export type SchemaEngine = any;

const require = createRequire(import.meta.url);

interface PanicRegistry {
  message: string;
  set_message(message: string): void;
  get(): string;
}
const globals = globalThis as typeof globalThis & { PRISMA_WASM_PANIC_REGISTRY?: PanicRegistry };
// The wasm panic hook writes here; without it a Rust panic surfaces as an opaque "unreachable".
globals.PRISMA_WASM_PANIC_REGISTRY ??= {
  message: '',
  set_message(message: string) {
    this.message = `RuntimeError: ${message}`;
  },
  get() {
    return this.message;
  },
};

export function lastEnginePanic(): string {
  return globals.PRISMA_WASM_PANIC_REGISTRY?.message ?? '';
}

let wasmGlue: Promise<any> | undefined;
/**
 * The engine arms timers it never clears (seconds long, after the work is done). Unreferenced, they no longer hold
 * a finished process open: a script or test run that migrated exits at once instead of ~10 s later.
 */
function withUnrefTimers(glue: Record<string, unknown>): Record<string, unknown> {
  const imports = { ...glue };
  for (const name of Object.keys(imports).filter((key) => key.startsWith('__wbg_setTimeout_'))) {
    imports[name] = (callback: () => void, ms: number) => setTimeout(callback, ms >>> 0).unref();
  }
  return imports;
}

function loadWasm(): Promise<any> {
  wasmGlue ??= (async () => {
    const glue: any = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const dir = path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
    const { WebAssembly } = globalThis as unknown as { WebAssembly: any };
    const module = new WebAssembly.Module(await readFile(path.join(dir, 'schema_engine_bg.wasm')));
    const instance = new WebAssembly.Instance(module, { './schema_engine_bg.js': withUnrefTimers(glue) });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start(): void }).__wbindgen_start();
    return glue;
  })();
  return wasmGlue;
}

/** Bug 1: columns of type "char" (OID 18, e.g. pg_constraint.contype) are not deserialisable: report them as text. */
export const CHAR_OID = 18;
export const TEXT_OID = 25;

export function patchQueryable(queryable: Queryable): Queryable {
  const performIO = queryable.performIO.bind(queryable);
  queryable.performIO = async (query: unknown) => {
    const result = await performIO(query);
    for (const field of result.fields ?? []) if (field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
    return result;
  };
  // Bug 3: executeScript() splits on ';' and runs the pieces on arbitrary pooled connections, breaking $$ bodies
  // and leaving a failed migration half applied. Send the script as one simple-protocol query, as the native
  // engine does: PostgreSQL runs a multi-statement simple query in one implicit transaction.
  queryable.executeScript = async (script: string) => {
    try {
      await queryable.client.query(script);
    } catch (error) {
      queryable.onError(error);
    }
  };
  if (typeof queryable.startTransaction === 'function') {
    const startTransaction = queryable.startTransaction.bind(queryable);
    queryable.startTransaction = async (...args: unknown[]) =>
      patchQueryable(await startTransaction(...args));
  }
  return queryable;
}

export function pgConfigFromUrl(url: string): { config: pg.PoolConfig; schema?: string } {
  // A parsed object, not { connectionString }: pg lets connectionString override `database` (bug 2).
  const { schema, ...rest } = parse(url) as ReturnType<typeof parse> & { schema?: string };
  const config: pg.PoolConfig = {
    ...(rest as pg.PoolConfig),
    port: rest.port ? Number(rest.port) : undefined,
    database: rest.database ?? undefined,
    ssl: undefined,
  };
  return { config, schema };
}

/**
 * Bug 2: adapter-pg's connectToShadowDb() connects the "shadow" to the main database and drops its temporary
 * database before closing the pool (so the drop fails and the database leaks). This factory creates a uniquely
 * named temporary database, connects to it, and on dispose closes the pool first and then drops it.
 */
export function migrationAdapterFactory(url: string, options: { shadowUrl?: string } = {}) {
  const { config, schema } = pgConfigFromUrl(url);
  const adapterOptions = schema ? { schema } : undefined;
  const factory = new PrismaPg(config, adapterOptions);
  const opened: Queryable[] = [];
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    /** The wasm engine never closes its connections; its owner calls this when done. */
    disposeAll: async () => {
      await Promise.allSettled(opened.splice(0).map((adapter) => adapter.dispose()));
    },
    connect: async () => {
      const adapter = patchQueryable(await factory.connect());
      opened.push(adapter);
      return adapter;
    },
    connectToShadowDb: async () => {
      if (options.shadowUrl) {
        const shadow = pgConfigFromUrl(options.shadowUrl);
        const adapter = patchQueryable(
          await new PrismaPg(shadow.config, shadow.schema ? { schema: shadow.schema } : undefined).connect(),
        );
        const shadowSchema = shadow.schema ?? 'public';
        await adapter.executeScript(
          `DROP SCHEMA IF EXISTS "${shadowSchema}" CASCADE; CREATE SCHEMA "${shadowSchema}";`,
        );
        return adapter;
      }
      const admin = new pg.Client(config);
      await admin.connect();
      const database = `prisma_migrate_shadow_db_${randomUUID()}`;
      await admin.query(`CREATE DATABASE "${database}"`);
      const adapter = patchQueryable(await new PrismaPg({ ...config, database }, adapterOptions).connect());
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        try {
          await dispose();
          await admin.query(`DROP DATABASE IF EXISTS "${database}"`);
        } finally {
          await admin.end();
        }
      };
      return adapter;
    },
  };
}

export interface SchemaFile {
  path: string;
  content: string;
}

export interface OpenSchemaEngine {
  engine: SchemaEngine;
  close(): Promise<void>;
}

export async function openSchemaEngine(options: {
  url: string;
  shadowUrl?: string;
  schemaFiles: SchemaFile[];
}): Promise<OpenSchemaEngine> {
  const { SchemaEngine } = await loadWasm();
  const log = (message: string) => {
    if (process.env.SCHEMA_ENGINE_DEBUG) console.error('[schema-engine]', message);
  };
  const factory = migrationAdapterFactory(options.url, { shadowUrl: options.shadowUrl });
  const engine = await SchemaEngine.new(
    { datamodels: options.schemaFiles.map((file) => [file.path, file.content]) },
    log,
    bindMigrationAwareSqlAdapterFactory(factory as any),
  );
  return {
    engine,
    close: async () => {
      await factory.disposeAll();
      engine.free();
    },
  };
}
