// The import rules of the layers (docs/architecture.md has the picture):
//
//   content/pages → components (widgets, site, figures) → cells and plot → models → engine → kernels
//
// Each layer imports only from layers below it; code above the engine reaches it only through
// src/engine/index.ts (or src/engine/light.ts, its tensor-free part for the main thread); kernels import nothing but each other; src/lib is a helper layer for
// everything above the engine; a widget never imports another widget's folder.
//
// `npm test` checks these rules on every .ts and .svelte import with dependency-cruiser, and on
// .astro and .mdx imports with the same rules (tests/unit/layers.test.ts), naming the file and the
// import. `npm run lint:deps` runs the dependency-cruiser half on its own.

// src/dev holds the test-only pages (built only for the browser tests).
const PAGE = '^src/(pages|content|layouts|dev)/';
const WIDGETS = '^src/components/(widgets|site|figures)/';
const CELLS_AND_PLOT = '^src/components/(cells|plot)/';
const ABOVE_ENGINE = '^src/(pages|content|layouts|dev|components|models|lib)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'kernels-are-leaves',
      comment: 'WGSL kernels import nothing but each other.',
      severity: 'error',
      from: { path: '^src/kernels/' },
      to: { pathNot: '^src/kernels/' },
    },
    {
      name: 'engine-knows-no-page',
      comment: 'The engine runs in Node, workers and pages: it imports only itself, kernels and packages.',
      severity: 'error',
      from: { path: '^src/engine/' },
      to: { path: '^(src/(pages|content|layouts|components|models|lib|dev)/|scripts/|tests/|bench/)', pathNot: '^tests/fixtures/' },
    },
    {
      name: 'engine-through-its-index',
      comment: 'Code above the engine imports it only through src/engine/index.ts, or light.ts (the tensor-free part).',
      severity: 'error',
      from: { path: ABOVE_ENGINE, pathNot: '\\.test\\.ts$' },
      to: { path: '^src/engine/', pathNot: '^src/engine/(index|light)\\.ts$' },
    },
    {
      name: 'engine-through-its-index-in-tests',
      comment: 'Tests above the engine may also drive its command-line tool (src/engine/cli/), e.g. to prove checkpoints round-trip with it.',
      severity: 'error',
      from: { path: `${ABOVE_ENGINE}.*\\.test\\.ts$` },
      to: { path: '^src/engine/', pathNot: '^src/engine/((index|light)\\.ts$|cli/)' },
    },
    {
      name: 'kernels-through-the-engine',
      comment: 'Only the engine (its WebGPU backend) uses kernels.',
      severity: 'error',
      from: { path: ABOVE_ENGINE },
      to: { path: '^src/kernels/' },
    },
    {
      name: 'models-below-components',
      comment: 'The model service is used by components and pages; it knows none of them.',
      severity: 'error',
      from: { path: '^src/models/' },
      to: { path: '^src/(pages|content|layouts|dev|components)/' },
    },
    {
      name: 'lib-is-a-helper',
      comment: 'src/lib helps every layer above the engine and imports none of them.',
      severity: 'error',
      from: { path: '^src/lib/' },
      to: { path: '^src/(pages|content|layouts|dev|components|models)/' },
    },
    {
      name: 'cells-and-plot-below-widgets',
      comment: 'Cells and plot are shared by widgets and pages; they import no widget, site part or figure.',
      severity: 'error',
      from: { path: CELLS_AND_PLOT },
      to: { path: WIDGETS },
    },
    {
      name: 'components-below-pages',
      comment: 'Components never import pages, layouts or chapters.',
      severity: 'error',
      from: { path: '^src/(components|models|lib)/' },
      to: { path: PAGE },
    },
    {
      name: 'widgets-stand-alone',
      comment: "A widget never imports another widget's folder: shared code moves down to plot/, lib/ or the engine.",
      severity: 'error',
      from: { path: '^src/components/widgets/([^/]+)/' },
      to: { path: '^src/components/widgets/', pathNot: '^src/components/widgets/$1/' },
    },
    {
      name: 'pages-use-widget-components',
      comment: "Chapters and pages place a widget (its .svelte or .astro file); its logic module stays inside it.",
      severity: 'error',
      from: { path: PAGE },
      to: { path: '^src/components/widgets/[^/]+/.+\\.(ts|js)$' },
    },
    {
      name: 'product-imports-no-tooling',
      comment: 'Nothing in src imports the scripts, benches or test harness (tests may read tests/fixtures).',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(scripts|bench|tests)/', pathNot: '^tests/fixtures/' },
    },
    {
      name: 'imports-resolve',
      comment: 'Every relative import points at a file that exists.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, path: '^\\.' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|\\.astro)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.cjs', '.svelte', '.json'] },
  },
};
