/**
 * The layers of src/ and the direction of every import, checked by `npm run lint` (dependency-cruiser).
 * Each folder of src/ is a layer; a layer imports only the layers listed before it, never one after.
 * Type-only imports count: a cycle of types is still a cycle a reader has to untangle.
 */

/** Bottom first. docs/development.md's Layout section draws the same list, with each layer's job. */
const LAYERS = [
  'shared',
  'catalog',
  'config',
  'targets',
  'net',
  'checks',
  'kinds',
  'plan',
  'history',
  'summary',
  'status',
  'alerts',
];

/** The parts outside src/ that use it; src/ never imports them. */
const OUTSIDE = ['fixtures', 'reporters', 'scripts', 'tests', 'emulator', 'selftest'];

const upward = LAYERS.slice(0, -1).map((layer, index) => ({
  name: `layer-${layer}`,
  comment: `src/${layer} may import only ${
    LAYERS.slice(0, index)
      .map((below) => `src/${below}`)
      .join(', ') || 'node and its packages'
  }: it sits below ${LAYERS.slice(index + 1).join(', ')}`,
  severity: 'error',
  from: { path: `^src/${layer}/` },
  to: { path: `^src/(${LAYERS.slice(index + 1).join('|')})/` },
}));

export default {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'an import cycle, type imports included: one of its arrows points the wrong way',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...upward,
    {
      name: 'kind-stands-alone',
      comment:
        'a check kind is one module of src/kinds/: it imports no other kind, and what two kinds share lives in src/checks',
      severity: 'error',
      from: { path: '^src/kinds/(?!registry\\.ts$)' },
      to: { path: '^src/kinds/' },
    },
    {
      name: 'one-door-per-protocol',
      comment:
        'the suite speaks HTTP, gRPC and TLS to the hosts it checks through src/net/ only, where redirects, isolation, read-only, trust and bounds are decided',
      severity: 'error',
      from: { path: '^(src/(?!net/)|fixtures/|tests/|reporters/|playwright\\.config\\.ts$)' },
      to: { path: '^(node:)?(http|https|http2|tls)$|@grpc/grpc-js' },
    },
    {
      name: 'src-stands-alone',
      comment: `src/ is the product: it never imports ${OUTSIDE.join(', ')}`,
      severity: 'error',
      from: { path: '^src/' },
      to: { path: `^(${OUTSIDE.join('|')})/` },
    },
    {
      name: 'no-selftest-in-product',
      comment: 'only the self-tests import selftest/: what the product and its scripts need lives in src/ or scripts/',
      severity: 'error',
      from: { path: '^(?!selftest/)' },
      to: { path: '^selftest/' },
    },
    {
      name: 'src-holds-folders',
      comment: 'src/ holds one folder per layer: a file loose at its top belongs in one of them',
      severity: 'error',
      from: {},
      to: { path: '^src/[^/]+$' },
    },
    {
      name: 'src-holds-folders-too',
      comment: 'src/ holds one folder per layer: a file loose at its top belongs in one of them',
      severity: 'error',
      from: { path: '^src/[^/]+$' },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|playwright-report|test-results)/' },
    // Type-only imports are dependencies too: they are what closes most cycles.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.mjs', '.js'] },
  },
};
