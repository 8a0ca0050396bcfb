import { SafetyAmpUnavailable, SafetyAmpValidationError } from './errors.js';

export interface CreateResolvingOptions {
  /**
   * Look the record up before the first POST. Set it when an earlier attempt (e.g. an earlier try of the
   * same job) may have created the record without us learning it.
   */
  lookupFirst?: boolean;
}

/**
 * Creates a record at most once. When a POST's answer is lost (`outcomeUnknown`), the record is looked up by its
 * key first and the existing one is returned; only when it is not there is the POST sent again. A 422 on that
 * second POST (the key is taken, so the first one did land after all) resolves to the record as well.
 */
export async function createResolving<T>(
  create: () => Promise<T>,
  findExisting: () => Promise<T | null>,
  options: CreateResolvingOptions = {},
): Promise<T> {
  if (options.lookupFirst) {
    const existing = await findExisting();
    if (existing) return existing;
  }
  try {
    return await create();
  } catch (error) {
    if (!(error instanceof SafetyAmpUnavailable && error.outcomeUnknown)) throw error;
  }
  const existing = await findExisting();
  if (existing) return existing;
  try {
    return await create();
  } catch (error) {
    if (!(error instanceof SafetyAmpValidationError)) throw error;
    const landed = await findExisting();
    if (landed) return landed;
    throw error;
  }
}
