/**
 * The layers of src/ and which may import which (`npm run lint:deps`). Each layer imports only
 * layers below it, so a change low down never has to know what builds on it:
 *
 *   main.ts                      entry point: anything below
 *   src/compliance/report.ts     entry point of `npm run compliance`: builds the app, so it may import src/app.ts
 *   src/app.ts, src/synth.ts     wire and write the stacks
 *   src/stacks/                  deployable stacks and the HCL module artifact
 *   src/compliance/              the control catalogue and its check over synthesized JSON (beside state: neither imports the other)
 *   src/state/                   state store and state roles (constructs)
 *   src/security/                the security module's constructs
 *   src/config/                  the config file: loading, validation, the resolved plan
 *   src/catalog/                 pure typed data and functions (CIS rows, name limits, bounds, control IDs)
 *
 * Each rule forbids the imports that would run upwards; one that runs downwards is allowed.
 * A cycle finder alone would let a plain upward import through, hence the `forbidden` rules.
 * Type-only imports count too (tsPreCompilationDeps): a type is a dependency as well.
 */
const LAYER_RULES = [
  {
    name: 'catalog-is-pure',
    comment:
      'src/catalog is the lowest layer: pure data and functions, importing nothing but itself (no cdktf, constructs, provider or Node module). ' +
      'Move what it needs into src/catalog, or the code that needs more out of it.',
    from: { path: '^src/catalog/' },
    to: { pathNot: '^src/catalog/' },
  },
  {
    name: 'config-imports-only-catalog',
    comment:
      'src/config stands on src/catalog only: it must not import security, compliance, state, stacks, the app or main. ' +
      'What both sides need (rows, bounds, limits, IDs) belongs in src/catalog.',
    from: { path: '^src/config/' },
    to: { path: '^(src/(security|compliance|state|stacks|app\\.ts|synth\\.ts)|main\\.ts$)' },
  },
  {
    name: 'config-builds-no-constructs',
    comment: 'src/config parses and resolves the config file; constructs belong to src/security and src/stacks.',
    from: { path: '^src/config/' },
    to: { path: '(^|/)node_modules/(cdktf|constructs|@cdktf)/' },
  },
  {
    name: 'security-not-upward',
    comment: 'src/security (the module constructs) may import config and catalog, never state, compliance, stacks, the app or main.',
    from: { path: '^src/security/' },
    to: { path: '^(src/(compliance|state|stacks|app\\.ts|synth\\.ts)|main\\.ts$)' },
  },
  {
    name: 'state-not-upward',
    comment: 'src/state may import security, config and catalog, never compliance, stacks, the app or main.',
    from: { path: '^src/state/' },
    to: { path: '^(src/(compliance|stacks|app\\.ts|synth\\.ts)|main\\.ts$)' },
  },
  {
    name: 'compliance-not-upward',
    comment:
      'The compliance catalogue and check read synthesized JSON and the plan (src/config/plan.ts), never the stacks, state, the app or main. ' +
      'Only report.ts, the entry point of `npm run compliance`, builds the app.',
    from: { path: '^src/compliance/', pathNot: '^src/compliance/report\\.ts$' },
    to: { path: '^(src/(state|stacks|app\\.ts|synth\\.ts)|main\\.ts$)' },
  },
  {
    name: 'compliance-report-not-upward',
    comment: 'report.ts builds the app like main.ts does, but must not import main.ts or the synth runner.',
    from: { path: '^src/compliance/report\\.ts$' },
    to: { path: '^(src/synth\\.ts|main\\.ts)$' },
  },
  {
    name: 'stacks-not-upward',
    comment: 'src/stacks takes the plan from the app; it must not import the app, synth, compliance or main.',
    from: { path: '^src/stacks/' },
    to: { path: '^(src/(compliance|app\\.ts|synth\\.ts)|main\\.ts$)' },
  },
  {
    name: 'app-not-upward',
    comment: "src/app.ts wires stacks from the plan; the compliance check and the synth runner are the entry points' business.",
    from: { path: '^src/(app|synth)\\.ts$' },
    to: { path: '^(src/(compliance|app\\.ts)|main\\.ts$)' },
  },
  {
    name: 'docs-only-from-its-entry',
    comment: 'src/docs generates README tables and help from every layer: it sits on top, and no layer of the product imports it.',
    from: { path: '^(src/(catalog|config|security|state|compliance|stacks)/|src/(app|synth)\\.ts$|main\\.ts$)' },
    to: { path: '^src/docs/' },
  },
];

const HYGIENE_RULES = [
  {
    name: 'no-circular',
    comment: 'A cycle of imports makes load order decide which value is undefined; break it by moving the shared part down a layer.',
    from: {},
    to: { circular: true },
  },
  {
    name: 'production-code-not-tests',
    comment: 'src/ and main.ts must not import test helpers or benchmarks.',
    from: { path: '^(src/|main\\.ts$)' },
    to: { path: '^(__tests__|bench)/' },
  },
  {
    name: 'provider-by-deep-path',
    comment: "Import provider classes by deep path (@cdktf/provider-aws/lib/kms-key): the barrel loads every resource's bindings.",
    from: { path: '^(src/|main\\.ts$)' },
    to: { path: '(^|/)node_modules/@cdktf/provider-[a-z]+/lib/index\\.js$' },
  },
  {
    name: 'public-cdktf-api-only',
    comment: "cdktf's private modules (cdktf/lib/_*) may change in any release; use the public API.",
    from: { path: '^(src/|main\\.ts$)' },
    to: { path: '(^|/)node_modules/cdktf/lib/_' },
  },
  {
    name: 'not-to-unresolvable',
    comment: 'An import that does not resolve fails at run time.',
    from: {},
    to: { couldNotResolve: true },
  },
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [...LAYER_RULES, ...HYGIENE_RULES].map((rule) => ({ severity: 'error', ...rule })),
  options: {
    doNotFollow: { path: 'node_modules' },
    // node_modules may be a symlink (a worktree sharing the main checkout's): report it by its own path.
    preserveSymlinks: true,
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.build.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['require', 'node', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
