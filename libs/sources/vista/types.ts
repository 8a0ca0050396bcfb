import type {
  VistaDepartmentRow,
  VistaEmployeeRow,
  VistaJobRow,
  VistaRecentJobRow,
} from '../../domain/types.js';
import type { VistaChangeFingerprint } from './change-fingerprint.js';

/** How the Vista reader reaches SQL Server (VISTA_* configuration) and what it reads. */
export interface VistaReaderOptions {
  server: string;
  port: number;
  database: string;
  user: string;
  password: string;
  /** TLS to SQL Server. The simulator has none: use false against it. */
  encrypt: boolean;
  trustServerCertificate?: boolean;
  /** Vista company (PRCo / JCCo) every query filters on (VISTA_COMPANY, default 1). */
  company: number;
  /** A posting counts as an employee's recent job when its PREndDate is at most this many days before `asOf`. */
  recentJobWindowDays: number;
  /** Connections in the pool (default 5). */
  poolMax?: number;
  /**
   * An idle pooled connection is closed after this long (default 30 s). Above the schedule's interval, each run's
   * first query finds a logged-in connection instead of logging in again.
   */
  poolIdleTimeoutMs?: number;
  /** Login timeout per connection (default 15 s). */
  connectTimeoutMs?: number;
  /** Per query; on expiry the driver cancels the query (ATTENTION) and the read fails (default 60 s). */
  requestTimeoutMs?: number;
  /** Retries of a query after a connection failure (not after SQL errors or timeouts). */
  retry?: { retries?: number; minDelayMs?: number; maxDelayMs?: number };
  /** Circuit breaker around the queries; its state is the gauge safetyamp_source_breaker_state{source="vista"}. */
  breaker?: { errorThresholdPercentage?: number; volumeThreshold?: number; resetTimeoutMs?: number };
}

/** Read-only access to the Vista tables the sync uses, through one connection pool. */
export interface VistaReader {
  /** Q5: bPRDP of the company. */
  readDepartments(): Promise<VistaDepartmentRow[]>;
  /** Q4: open jobs (bJCJM ⟕ bJCCM) of the company. Job is not trimmed (the domain trims). */
  readJobs(): Promise<VistaJobRow[]>;
  /** Q2: active employees (hired, not terminated) of the company; optionally one employee. */
  readEmployees(filter?: { employee?: number }): Promise<VistaEmployeeRow[]>;
  /**
   * Q3: per employee, the open job of their latest posting inside the window
   * (`asOf - recentJobWindowDays`, from the start of that UTC day); ties on the date go to the highest Job.
   */
  readRecentJobs(asOf: Date, filter?: { employee?: number }): Promise<VistaRecentJobRow[]>;
  /**
   * The change-detection step, one round trip: per part of the read (`departments`, `jobs`, `employees`,
   * `recentJobs` as of `asOf`), a fingerprint that changes when the rows that part's read returns change.
   * A caller keeps the fingerprints and rows of its last read, takes the fingerprint FIRST, then re-reads only
   * the parts whose fingerprint differs from the kept one and keeps the new fingerprint with the new rows (a
   * change made between the two is then seen by the next call). Checksum-based unless SQL Server change tracking
   * covers a part's tables (README.md); a checksum can miss a rare change, so a scheduled full read must ignore
   * the fingerprints.
   */
  readChangeFingerprint(asOf: Date): Promise<VistaChangeFingerprint>;
  /** The pool's state and a `SELECT 1`, on the reader's own pool. Never throws. */
  health(): Promise<{ ok: boolean; detail: string }>;
  /** Closes the pool; later reads fail. */
  close(): Promise<void>;
}
