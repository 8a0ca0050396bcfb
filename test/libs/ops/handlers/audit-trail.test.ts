import { expect } from 'chai';
import { getAuditTrail, MASK } from '../../../../libs/ops/index.js';
import { PERSON } from '../../../support/dashboard-fixtures.js';
import {
  bodyOf,
  errorKeyOf,
  OPERATOR,
  realOpsContext,
  request,
  VIEWER,
  type RealOpsContext,
} from '../real-ops-context.js';

describe('ops handlers: the audit trail of one record', () => {
  let r: RealOpsContext;
  before(async () => {
    r = realOpsContext();
    for (const [at, safetyampId] of [
      ['2026-01-01T00:00:00.000Z', 1],
      ['2026-01-02T00:00:00.000Z', 2],
    ] as const) {
      await r.ctx.audit.append({
        at,
        runId: 'run-a',
        type: 'users',
        key: '1001',
        action: 'update',
        safetyampId,
        changes: {
          email: { from: 'rosa.q@example.com', to: PERSON.email },
          home_site_id: { from: 1, to: 2 },
        },
        jobId: 'update-users-1001',
      });
    }
  });
  after(async () => r.close());

  it('answers the writes newest first, by type and key from the path or the query', async () => {
    const byPath = bodyOf(
      await getAuditTrail(r.ctx, request(OPERATOR, { params: { type: 'users', key: '1001' } })),
    );
    expect(byPath.type).to.equal('users');
    expect(byPath.key).to.equal('1001');
    expect(byPath.entries.map((e) => e.safetyampId)).to.deep.equal([2, 1]);
    expect(byPath.entries[0]?.changes.email).to.deep.equal({ from: 'rosa.q@example.com', to: PERSON.email });
    const byQuery = bodyOf(
      await getAuditTrail(r.ctx, request(OPERATOR, { query: { type: 'users', key: ' 1001 ' } })),
    );
    expect(byQuery.entries).to.have.length(2);
  });

  it("masks a personal field's values for a viewer and keeps the others", async () => {
    const seen = bodyOf(
      await getAuditTrail(r.ctx, request(VIEWER, { params: { type: 'users', key: '1001' } })),
    );
    expect(seen.entries[0]?.changes).to.deep.equal({ email: MASK, home_site_id: { from: 1, to: 2 } });
    expect(JSON.stringify(seen)).not.to.contain(PERSON.email);
  });

  it('answers 400 invalid-request for an unknown type or no key', async () => {
    for (const params of [{ type: 'people', key: '1001' }, { type: 'users', key: ' ' }, {}]) {
      const result = await getAuditTrail(r.ctx, request(OPERATOR, { params }));
      expect([result.status, errorKeyOf(result)], JSON.stringify(params)).to.deep.equal([
        400,
        'invalid-request',
      ]);
    }
  });
});
