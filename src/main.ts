import './load-env-file.js';
import { ConfigError, loadConfig } from './config/app-config.js';

// Settings are checked before the application's modules load: loading Nest, Prisma and every feature takes
// seconds on a busy machine, and a refusal should name its variable at once.
try {
  const config = loadConfig();
  const { serve } = await import('./serve.js');
  await serve(config);
} catch (error) {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error('Hearth failed to start:', error);
  process.exit(1);
}
