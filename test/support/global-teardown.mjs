import { tsImport } from 'tsx/esm/api';

export default async function globalTeardown() {
  const { globalTeardown: teardown } = await tsImport('./test-run-setup.ts', import.meta.url);
  await teardown();
}
