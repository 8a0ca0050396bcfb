/** The Redis every test uses: REDIS_URL, as `npm test` and .ci/run set it up (a private one when none answers). */
export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
