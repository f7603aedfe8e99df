// Preloaded with `node --import`: every import of a Nest package fails. A process that still does what a test expects
// did it without loading the application.
import { register } from 'node:module';

const hooks = `export async function resolve(specifier, context, next) {
  if (specifier.startsWith('@nestjs/')) throw new Error('the application was loaded (' + specifier + ')');
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
