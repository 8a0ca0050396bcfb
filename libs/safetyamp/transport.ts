import CircuitBreaker from 'opossum';
import { createLogger } from '../platform/logger.js';
import { errorFromAnswer, errorFromFailure, isTimeout, successBody } from './answers.js';
import {
  SafetyAmpCircuitOpen,
  SafetyAmpError,
  SafetyAmpRateLimited,
  SafetyAmpUnavailable,
} from './errors.js';
import {
  circuitState,
  rateLimitedTotal,
  rateLimiterWait,
  requestDuration,
  requestsTotal,
} from './metrics.js';
import type { RedisRateLimiter } from './rate-limiter.js';
import type { ApiCall, BreakerState } from './types.js';

/** Circuit breaker settings (opossum). It counts only retry-later failures: 5xx, network, timeouts. */
export interface SafetyAmpBreakerOptions {
  /** Failure share (%) of the calls in the rolling window above which the breaker opens. Default 50. */
  errorThresholdPercentage?: number;
  /** Calls in the rolling window before the breaker may open at all. Default 5. */
  volumeThreshold?: number;
  /** How long it stays open before one trial call (half-open). Default 30 s. */
  resetTimeout?: number;
  /** Length of the rolling window of call statistics. Default 60 s. */
  rollingCountTimeout?: number;
}

export interface SafetyAmpTransportOptions {
  baseUrl: string;
  token: string;
  /** The tenant host sent as the `Fqdn` header, e.g. `acme.safetyamp.com`. */
  fqdn: string;
  limiter: RedisRateLimiter;
  /** Per HTTP call, from sending to the parsed answer; the limiter wait is not part of it. Default 30 s. */
  timeoutMs?: number;
  /** Called once per HTTP call that leaves for SafetyAmp (after its slot is taken), e.g. to count a run's calls. */
  onRequest?: () => void;
  breaker?: SafetyAmpBreakerOptions;
}

const log = createLogger('safetyamp-client');

const STATE_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

/**
 * Makes single SafetyAmp HTTP calls: a slot from the fleet-wide limiter, then one fetch with a timeout, inside
 * a circuit breaker; every answer is turned into data or a typed error, and measured. Never retries.
 */
export class SafetyAmpTransport {
  private readonly baseUrl: string;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;
  private readonly breaker: CircuitBreaker<[ApiCall], unknown>;

  constructor(private readonly options: SafetyAmpTransportOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.headers = {
      Authorization: `Bearer ${options.token}`,
      Fqdn: options.fqdn,
      Accept: 'application/json',
    };
    const rollingCountTimeout = options.breaker?.rollingCountTimeout ?? 60_000;
    this.breaker = new CircuitBreaker((call: ApiCall) => this.attempt(call), {
      name: `safetyamp:${options.fqdn}`,
      timeout: false,
      errorThresholdPercentage: options.breaker?.errorThresholdPercentage ?? 50,
      volumeThreshold: options.breaker?.volumeThreshold ?? 5,
      resetTimeout: options.breaker?.resetTimeout ?? 30_000,
      rollingCountTimeout,
      rollingCountBuckets: 10,
      // 422, 404, 401 and 429 are answers from a working server: they must not open the breaker.
      errorFilter: (error: unknown) => !(error instanceof SafetyAmpUnavailable),
    });
    const gauge = { tenant: options.fqdn };
    circuitState.set(gauge, 0);
    this.breaker.on('open', () => circuitState.set(gauge, STATE_VALUE.open));
    this.breaker.on('halfOpen', () => circuitState.set(gauge, STATE_VALUE['half-open']));
    this.breaker.on('close', () => circuitState.set(gauge, STATE_VALUE.closed));
  }

  /** One call: resolves with the answer's JSON (undefined when empty) or throws a SafetyAmpError. */
  async send(call: ApiCall): Promise<unknown> {
    try {
      return await this.breaker.fire(call);
    } catch (error) {
      if (error instanceof SafetyAmpError) throw error;
      if ((error as { code?: unknown }).code === 'EOPENBREAKER') throw new SafetyAmpCircuitOpen();
      throw error;
    }
  }

  breakerState(): BreakerState {
    if (this.breaker.opened) return 'open';
    return this.breaker.halfOpen ? 'half-open' : 'closed';
  }

  /** Stops the breaker's statistics timers. */
  close(): void {
    this.breaker.shutdown();
  }

  private async attempt(call: ApiCall): Promise<unknown> {
    const limiter = this.options.limiter;
    // A call may be in flight up to its timeout; the slack covers the event loop between abort and report.
    const grant = await limiter.acquire({ holdMs: this.timeoutMs + 1000 });
    rateLimiterWait.observe(grant.waitedMs / 1000);
    this.options.onRequest?.();
    const labels = { endpoint: call.endpoint, method: call.method };
    const stopTimer = requestDuration.startTimer(labels);
    let status = 'network';
    try {
      const signal = AbortSignal.timeout(this.timeoutMs);
      let response: Response;
      try {
        response = await fetch(this.baseUrl + call.path, {
          method: call.method,
          headers:
            call.body === undefined ? this.headers : { ...this.headers, 'Content-Type': 'application/json' },
          body: call.body === undefined ? undefined : JSON.stringify(call.body),
          signal,
        });
      } catch (error) {
        // No answer: the request may still reach SafetyAmp, so its slot stays held for the hold time.
        if (isTimeout(error)) status = 'timeout';
        throw errorFromFailure(error, call);
      }
      status = String(response.status);
      // Not awaited: until the report lands the slot just counts as in flight, which is the safe side.
      void limiter.answered(grant).catch((error: unknown) => {
        log.warn('could not report an answer to the rate limiter: its slot stays held', { error });
      });
      if (response.ok) return await successBody(response, call);
      const error = await errorFromAnswer(response, call, limiter.windowMs);
      if (error instanceof SafetyAmpRateLimited) {
        rateLimitedTotal.inc(labels);
        await limiter.pauseFor(error.retryAfterMs);
      }
      throw error;
    } finally {
      requestsTotal.inc({ ...labels, status });
      stopTimer();
    }
  }
}
