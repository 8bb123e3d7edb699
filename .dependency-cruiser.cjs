/**
 * The house rules, checked by `npm run lint` (dependency-cruiser, parsing TypeScript with swc).
 * ARCHITECTURE.md explains them; the capability order below is the one in its table.
 *
 *   core ← db ← platform ← notifications ← identity ← access ← servicing ← payments ← documents
 *        ← accounts ← grants ← organizations ← cycle ← staff ← the programs (http/app.ts, server.ts,
 *        cli/, demo/)
 *
 * A capability may use the capabilities before it in CAPABILITIES, and only through their index.ts;
 * the browser app (web/) only core and the API's shapes (*.schemas.ts).
 */
const CAPABILITIES = [
  'notifications',
  'identity',
  'access',
  'servicing',
  'payments',
  'documents',
  'accounts',
  'grants',
  'organizations',
  'cycle',
  'staff',
];
const PROGRAMS = '^src/(http|cli|demo|test-support|server\\.ts)';
const TESTS = '\\.(test|spec)\\.tsx?$';
const any = (names) => `^src/(${names.join('|')})/`;

const capabilityOrder = CAPABILITIES.map((capability, i) => ({
  name: `${capability}-uses-only-earlier-capabilities`,
  comment: `${capability} may use ${CAPABILITIES.slice(0, i).join(', ') || 'no other capability'} (see the order in ARCHITECTURE.md)`,
  severity: 'error',
  from: { path: `^src/${capability}/`, pathNot: TESTS },
  to: { path: i + 1 < CAPABILITIES.length ? any(CAPABILITIES.slice(i + 1)) : '^$' },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No module imports one that imports it back (types included).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-is-pure',
      comment: 'core/ holds the rules: it imports only core/ and libraries, never I/O or the layers above.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/', pathNot: '^src/core/' },
    },
    {
      name: 'db-below-capabilities',
      comment: 'db/ (schema, connection, row mapping) imports only core/ and db/.',
      severity: 'error',
      from: { path: '^src/db/' },
      to: { path: '^src/', pathNot: '^src/(core|db)/' },
    },
    {
      name: 'platform-below-capabilities',
      comment:
        'platform/ (clock, errors, audit, idempotency, queue, PDF primitives) imports only core/, db/ and platform/.',
      severity: 'error',
      from: { path: '^src/platform/' },
      to: { path: '^src/', pathNot: '^src/(core|db|platform)/' },
    },
    ...capabilityOrder,
    {
      name: 'capabilities-meet-through-their-index',
      comment:
        'Another capability is used through its index.ts only (its *.schemas.ts are open to other schemas and the web app).',
      severity: 'error',
      from: { path: `^src/(${CAPABILITIES.join('|')})/`, pathNot: [TESTS, '\\.schemas\\.ts$'] },
      to: {
        path: `^src/(${CAPABILITIES.join('|')})/`,
        pathNot: ['^src/$1/', '/index\\.ts$'],
      },
    },
    {
      name: 'programs-meet-capabilities-through-their-index',
      comment: 'The app, the server, the CLI and the demo data use a capability through its index.ts.',
      severity: 'error',
      from: { path: '^src/(http|cli|demo)/|^src/server\\.ts$', pathNot: TESTS },
      to: { path: `^src/(${CAPABILITIES.join('|')})/`, pathNot: '/index\\.ts$' },
    },
    {
      name: 'schemas-are-shapes-only',
      comment:
        'A *.schemas.ts file is the API’s shape, shared with the browser: it imports only core/, platform/fields.schemas.ts and other schemas.',
      severity: 'error',
      from: { path: '\\.schemas\\.ts$' },
      to: { path: '^src/', pathNot: ['^src/core/', '\\.schemas\\.ts$'] },
    },
    {
      name: 'services-below-routes-and-jobs',
      comment:
        'Routes (*.routes.ts) and queue workers (*.jobs.ts) call services; services never import them.',
      severity: 'error',
      from: { path: '^src/', pathNot: [PROGRAMS, TESTS, '\\.(routes|jobs)\\.ts$', '/index\\.ts$'] },
      to: { path: '\\.(routes|jobs)\\.ts$' },
    },
    {
      name: 'nothing-imports-the-programs',
      comment: 'http/app.ts, server.ts, cli/ and demo/ are the top: no capability imports them.',
      severity: 'error',
      from: { path: '^src/', pathNot: [PROGRAMS, TESTS] },
      to: { path: '^src/(http|cli|demo|server\\.ts)' },
    },
    {
      name: 'web-imports-only-core-and-schemas',
      comment:
        'The browser app runs none of the server: it imports core/ and the API’s shapes (*.schemas.ts).',
      severity: 'error',
      from: { path: '^src/web/' },
      to: { path: '^src/', pathNot: ['^src/web/', '^src/core/', '\\.schemas\\.ts$'] },
    },
  ],
  options: {
    // The native TypeScript 7 compiler has no API for dependency-cruiser; swc parses TypeScript and TSX.
    parser: 'swc',
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|\\.artifacts)' },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
