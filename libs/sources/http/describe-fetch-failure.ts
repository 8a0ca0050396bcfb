/** `fetch failed (UNABLE_TO_VERIFY_LEAF_SIGNATURE)`: undici hides the reason in `cause`. */
export function describeFetchFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ? `${error.message} (${cause.code})` : error.message;
}
