import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The top: folders that serve requests; nothing below may import them, nor may they import each other. */
const TOP = ['calls', 'candidates', 'interviews', 'analytics', 'health', 'console', 'changes', 'campaigns'];
const others = (folder) => TOP.filter((name) => name !== folder);

/**
 * The layers of src/: imports only point down. Features → dialing/ → ingestion/ → scheduling/, views/ → rules/ →
 * database/, retell/ → common/, config/. A folder may not import any folder named for it here.
 */
const LAYERS = {
  'src/config': ['common', 'database', 'retell', 'rules', 'views', 'scheduling', 'ingestion', 'dialing', ...TOP],
  'src/common': ['database', 'retell', 'rules', 'views', 'scheduling', 'ingestion', 'dialing', ...TOP],
  'src/retell': ['database', 'rules', 'views', 'scheduling', 'ingestion', 'dialing', ...TOP],
  'src/database': ['rules', 'views', 'scheduling', 'ingestion', 'dialing', ...TOP],
  // Pure decisions: no I/O, so nothing that reaches the database or Retell's API.
  'src/rules': ['views', 'scheduling', 'ingestion', 'dialing', ...TOP],
  'src/views': ['scheduling', 'ingestion', 'dialing', ...TOP],
  'src/scheduling': ['views', 'ingestion', 'dialing', ...TOP],
  'src/ingestion': ['dialing', ...TOP],
  'src/dialing': TOP,
  'src/calls': others('calls'),
  'src/candidates': others('candidates'),
  'src/interviews': others('interviews'),
  'src/analytics': others('analytics'),
  'src/changes': others('changes'),
  'src/campaigns': others('campaigns'),
  // The console's static files: plain Express, it needs none of the service's folders.
  'src/console': ['common', 'database', 'retell', 'rules', 'views', 'scheduling', 'ingestion', 'dialing', ...others('console')],
};

const layerRules = Object.entries(LAYERS).map(([folder, above]) => ({
  files: [`${folder}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: `^(\\.\\./)+(${above.join('|')})/`,
            message: `${folder} sits below these folders: imports only point down (see the README's Architecture).`,
          },
          // The stored call object is typed by Retell's wire format; only its type may be named.
          ...(folder === 'src/database'
            ? [
                {
                  regex: '^(\\.\\./)+retell/',
                  allowTypeImports: true,
                  message: 'database/ may name retell/ types only.',
                },
              ]
            : []),
        ],
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['dist/', 'dist-tools/', 'coverage/', 'node_modules/', 'data/', 'console/src/api/schema.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/require-await': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
  ...layerRules,
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
