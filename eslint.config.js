import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'artifacts/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        Response: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // Data flows one way (sources → domain → queue/state → fleet → ops → apps): a lib never imports an app, the
  // plumbing never imports what orchestrates it. Type-only imports between queue and state are allowed.
  {
    files: ['libs/**/*.ts'],
    ignores: ['libs/domain/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: layerBans(['apps']) }] },
  },
  {
    files: ['libs/{queue,state}/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: layerBans(['apps', 'fleet', 'ops']) },
      ],
    },
  },
  {
    files: ['libs/{platform,sources,safetyamp}/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: layerBans(['apps', 'fleet', 'ops', 'queue', 'state', 'sources']) },
      ],
    },
  },
  {
    files: ['libs/sources/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: layerBans(['apps', 'fleet', 'ops', 'queue', 'state', 'safetyamp']) },
      ],
    },
  },
  {
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: domainImportBans('^\\.\\./') }],
      'no-restricted-globals': ['error', 'process', 'fetch', 'setTimeout', 'setInterval'],
      'no-restricted-properties': [
        'error',
        {
          object: 'Date',
          property: 'now',
          message: 'The domain has no clock: take the time as an argument.',
        },
      ],
    },
  },
  {
    // One folder down (libs/domain/plan/x.ts), '../' is still the domain; leaving it takes '../../'.
    files: ['libs/domain/*/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: domainImportBans('^(\\.\\./){2}') }],
    },
  },
);

/** Relative imports into any of these top-level folders are refused (type-only imports pass). */
function layerBans(folders) {
  return [
    {
      regex: `^(\\.\\./)+(${folders.join('|')})/`,
      allowTypeImports: true,
      message: 'Data flows one way: this folder does not depend on that one (see eslint.config.js).',
    },
  ];
}

/** The domain imports nothing of ours outside libs/domain and no I/O module (node:crypto is allowed). */
function domainImportBans(leavesDomain) {
  return [
    { regex: leavesDomain, message: 'The domain imports nothing of ours outside libs/domain.' },
    {
      regex:
        '^(node:)?(fs|fs/promises|net|http|https|http2|child_process|dgram|dns|os|process|worker_threads|cluster|tls)$',
      message: 'The domain does no I/O and reads no environment.',
    },
    {
      regex:
        '^(ioredis|bullmq|mssql|express|undici|winston|prom-client|opossum|p-retry|p-throttle|better-sqlite3|@azure/.*)$',
      message: 'The domain does no I/O.',
    },
  ];
}
