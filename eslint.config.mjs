// ESLint flat config: type-aware TypeScript rules plus Nx module boundaries with real tag constraints.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';

/** Nx module boundaries; `appMayUse`: what an app's code may import (its tests may use tooling too, below). */
const moduleBoundaries = (appMayUse) => [
  'error',
  {
    enforceBuildableLibDependency: false,
    banTransitiveDependencies: true,
    allow: [],
    // The one cycle of the project graph, through tests: platform-testing's EventTap uses platform-messaging, whose
    // tests (and those of the libraries it uses: database, metrics -> auth) use platform-testing. Any other cycle fails.
    ignoredCircularDependencies: [['platform-testing', 'platform-messaging']],
    depConstraints: [
      { sourceTag: 'type:app', onlyDependOnLibsWithTags: appMayUse },
      { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:platform', 'type:contracts'] },
      { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
      { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:tooling', 'type:platform', 'type:contracts'] },
      { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:tooling', 'type:platform', 'type:contracts'] },
    ],
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'tmp/**', 'coverage/**', 'bench/results/**', '.nx/**'] },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      '@nx/enforce-module-boundaries': moduleBoundaries(['type:platform', 'type:contracts']),
    },
  },
  {
    // An app's integration tests may use test tooling (the seed of tools/seed); its code may not.
    files: ['apps/*/test/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': moduleBoundaries(['type:platform', 'type:contracts', 'type:tooling']) },
  },
  {
    // Decorator-driven NestJS classes are imported for their runtime metadata; type-only imports would erase them.
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/test/**/*.ts', 'apps/e2e/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
    rules: { 'no-console': 'off' },
  },
);
