/**
 * The unit tier (`npm run test:unit`): the specs beside the code in src/, without I/O, so no database server is
 * started and no DATABASE_URL or REDIS_URL is needed. Specs against real PostgreSQL or Redis live in test/medium/.
 */
import base from './jest.config.js';

const { globalSetup: _setup, globalTeardown: _teardown, ...unit } = base;

export default { ...unit, roots: ['<rootDir>/src'] };
