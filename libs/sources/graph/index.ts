/** Entra ID through Microsoft Graph: the reader, its errors and the matchable-user rule. */
export { createGraphReader } from './graph-reader.js';
export type { GraphReader, GraphReaderOptions, SourceHealth } from './graph-reader.js';
export type { GraphRetryOptions } from './graph-request.js';
export type { GraphUserChanges } from './user-changes.js';
export { isMatchableEntraUser } from './entra-user-filter.js';
export {
  GraphAuthError,
  GraphError,
  GraphRequestError,
  GraphThrottledError,
  GraphUnreachableError,
} from './graph-errors.js';
