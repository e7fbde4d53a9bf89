// Lint: typescript-eslint's type-checked rules for the TypeScript tree, the recommended rules for the
// plain scripts. Formatting is Prettier's alone (eslint-config-prettier turns off the rules it owns).
import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import globals from 'globals'
import tseslint from 'typescript-eslint'

// One chalk (src/lib/ui/colour.ts honours NO_COLOR) and one table module (src/lib/ui/table.ts knows the terminal's width).
const oneUiModule = [
  { name: 'chalk', message: 'Import chalk from src/lib/ui/colour.js: it honours NO_COLOR.' },
  { name: 'cli-table3', message: 'Draw tables with src/lib/ui/table.js: it knows the terminal width.' },
]

export default tseslint.config(
  { ignores: ['dist/', 'build/', 'coverage/', 'src/lib/chain/types/', 'src/lib/devnet/types/', 'test/helpers/types/', 'artifacts/', 'node_modules/'] },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: { allowDefaultProject: ['vitest.config.ts'] }, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // A forgotten await in a CLI that sends money is a real bug: these two are errors everywhere.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // A caught error is passed on as it came: its type is unknown, not wrongly an Error.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/lib/ui/colour.ts', 'src/lib/ui/table.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: oneUiModule }] },
  },
  {
    // The deciding layers return results; only the command layer joins them to the ui.
    files: ['src/lib/**/*.ts'],
    ignores: ['src/lib/ui/**', 'src/lib/command/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: oneUiModule,
          patterns: [{ group: ['**/ui/*'], message: 'Deciding code never imports the ui: return a result, and let the command render it.' }],
        },
      ],
    },
  },
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }] },
  },
  prettier,
)
