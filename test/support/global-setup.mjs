// Jest loads global setup outside its transform pipeline; tsx compiles the TypeScript it needs.
import { tsImport } from 'tsx/esm/api';

export default async function globalSetup() {
  const { globalSetup: setup } = await tsImport('./test-run-setup.ts', import.meta.url);
  await setup();
}
