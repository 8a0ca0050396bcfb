/** How a source reader retries: 5xx and network failures with exponential backoff; 429s by waiting Retry-After. */
export interface HttpRetryOptions {
  /** Retries after a 5xx, timeout or connection failure (default 4). */
  retries?: number;
  /** First backoff delay in ms, doubled each retry, randomised (default 1000). */
  minDelayMs?: number;
  /** 429 answers accepted for one request before giving up (default 10). */
  maxThrottled?: number;
  /** Longest Retry-After honoured; a longer one fails the request at once (default 120 s). */
  maxRetryAfterMs?: number;
}
