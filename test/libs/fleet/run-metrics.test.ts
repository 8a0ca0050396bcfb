import { expect } from 'chai';
import { runMetricKind, sourceErrorClass } from '../../../libs/fleet/run/run-metrics.js';

describe('run metrics: bounded labels', () => {
  it('maps every source reader error class to a fixed error_class', () => {
    const cases: [string | undefined, string][] = [
      ['GraphAuthError', 'auth'],
      ['SamsaraAuthError', 'auth'],
      ['VistaLoginError', 'auth'],
      ['VistaTimeoutError', 'timeout'],
      ['AbortError', 'timeout'],
      ['VistaUnavailableError', 'unavailable'],
      ['GraphUnreachableError', 'unavailable'],
      ['SamsaraThrottledError', 'unavailable'],
      ['GraphRequestError', 'bad_answer'],
      ['VistaQueryError', 'bad_answer'],
      ['ZodError', 'bad_answer'],
      ['TypeError', 'other'],
      [undefined, 'other'],
      ['<script>alert(1)</script>', 'other'],
    ];
    for (const [name, expected] of cases) expect(sourceErrorClass(name), String(name)).to.equal(expected);
  });

  it('counts a dry run apart from a sync', () => {
    expect(runMetricKind({ kind: 'sync', dryRun: true })).to.equal('dry_run');
    expect(runMetricKind({ kind: 'sync', dryRun: false })).to.equal('sync');
    expect(runMetricKind({ kind: 'reconcile', dryRun: false })).to.equal('reconcile');
  });
});
