export * from './run-report.js';
export * from './report-channels.js';
export * from './run-reporter.js';
export * from './drift-report.js';
