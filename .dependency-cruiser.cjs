// `npm run lint` runs this: the dependency rules of STYLE.md §2, checked on every change.
const FEATURE = '^src/(?!common/|infra/|config/|generated/)[^/]+/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'common-and-infra-import-no-feature',
      comment: 'common/ and infra/ are what features stand on: they must not know any feature.',
      severity: 'error',
      from: { path: '^src/(common|infra)/' },
      to: { path: FEATURE },
    },
    // Cycles between folders (src/posts ↔ src/realtime) and between files, each reported on its own.
    ...['folder', 'module'].map((scope) => ({
      name: `no-${scope}-cycles`,
      comment: `${scope === 'folder' ? 'Folders' : 'Files'} depend on each other in one direction only.`,
      severity: 'error',
      scope,
      from: { path: '^src/' },
      to: { circular: true },
    })),
  ],
  options: {
    // Production code only: specs may reach into test/support, and the generated client is Prisma's.
    includeOnly: '^src/',
    exclude: { path: ['\\.spec\\.ts$', '^src/generated/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
