/**
 * The walls between layers: `npm run lint:walls` (also part of `npm run lint`).
 * Paths are as dependency-cruiser sees them: relative to the repo root, with `@huquq/<lib>`
 * resolved through tsconfig.json's paths to `libs/<lib>/src/...` (the barrel is `index.ts`).
 */

// The libraries, bottom to top: each may import only those below it. Every library cycle has
// an edge pointing up, so this fails on any cycle, however its imports are written. Reorder
// freely for a new edge; only a cycle leaves no order that passes.
const LAYERS = [
  'shared-kernel',
  'platform',
  'event-store',
  'identity',
  'privacy',
  'follow-ups',
  'cases',
  'notifications',
  'reports',
  'runtime',
];

const DOMAIN = '^libs/([^/]+)/src/(domain/|.+\\.decider\\.ts$)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...LAYERS.slice(0, -1).map((lib, i) => ({
      name: 'no-library-cycle',
      comment: `Libraries are layered (${LAYERS.join(' < ')}); ${lib} may not import one above it.`,
      severity: 'error',
      from: { path: `^libs/${lib}/` },
      to: { path: `^libs/(${LAYERS.slice(i + 1).join('|')})/` },
    })),
    {
      name: 'no-library-cycle',
      comment:
        "The same, spelled as a cycle with its path, for imports through the libraries' " +
        'barrels (libs/<lib>/src is then the folder of each edge between libraries).',
      severity: 'error',
      scope: 'folder',
      from: { path: '^libs/[^/]+/src$' },
      to: { path: '^libs/[^/]+/src$', circular: true },
    },
    {
      name: 'no-module-cycle',
      comment:
        'A cycle between modules makes load order matter: values and Nest DI tokens that are ' +
        'still `undefined` when read. Type-only cycles count too: there are none to excuse.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      comment:
        'Deciders, commands and events are plain functions and data: no Nest, pg, TypeORM, ' +
        'BullMQ, Redis, nor @huquq/platform (its barrel loads pg and TypeORM). They use the ' +
        "shared kernel and their own library's domain, nothing else, types included.",
      severity: 'error',
      from: { path: DOMAIN },
      to: { pathNot: ['^libs/$1/src/(domain/|.+\\.decider\\.ts$)', '^libs/shared-kernel/src/'] },
    },
    {
      name: 'no-app-to-app',
      comment: 'Each app is its own program; what two apps share belongs in a library.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'no-deep-import',
      comment:
        'Another library is reached only through its public index, `@huquq/<lib>`: never ' +
        '`@huquq/<lib>/<internal>` nor a relative path into it. The index is its contract; the ' +
        'rest may move. test/ and bench/ are exempt: they are white-box and reach queues, ' +
        'ledgers and fixtures (testing/) that a barrel rightly keeps out of production code.',
      severity: 'error',
      from: { path: '^(apps|libs)/([^/]+)/' },
      // Specs may use another library's test helpers (testing/), which no barrel exports.
      to: { path: '^libs/', pathNot: ['^$1/$2/', '^libs/[^/]+/src/index\\.ts$', '^libs/[^/]+/src/testing/'] },
    },
    {
      name: 'shared-kernel-is-leaf',
      comment:
        'Every layer, the pure domain included, may use the shared kernel, so it imports ' +
        'nothing but Node itself: no package, no other library.',
      severity: 'error',
      from: { path: '^libs/shared-kernel/' },
      to: { pathNot: '^libs/shared-kernel/', dependencyTypesNot: ['core'] },
    },
  ],
  options: {
    // Packages stay in the graph (the rules above name them) but are not followed inside.
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    // Type-only imports count too: a layer leaning on another for a type still leans on it.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
