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
