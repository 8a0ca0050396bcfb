import { expect } from 'chai';
import fc from 'fast-check';
import {
  foldText,
  isValidEmail,
  normaliseDate,
  normaliseEmail,
  normaliseFlag,
  normaliseGender,
  normaliseId,
  normaliseInteger,
  normalisePhone,
  normaliseText,
  normaliseZip,
} from '../../../libs/domain/index.js';

describe('domain normalisers', () => {
  describe('text', () => {
    it('trims, turns empty into null and writes numbers out', () => {
      expect(normaliseText('  LA ')).to.equal('LA');
      expect(normaliseText('   ')).to.equal(null);
      expect(normaliseText(null)).to.equal(null);
      expect(normaliseText(70663)).to.equal('70663');
      expect(foldText(' Lake Charles ')).to.equal('lake charles');
    });
  });

  describe('e-mail (domain.md §7)', () => {
    it('removes all whitespace and lower-cases', () => {
      expect(normaliseEmail(' Ann.Lee @Example.COM\t')).to.equal('ann.lee@example.com');
      expect(normaliseEmail('  ')).to.equal(null);
      expect(normaliseEmail(undefined)).to.equal(null);
    });

    it('accepts local@domain.tld only', () => {
      expect(isValidEmail('ann.lee+x@ex-ample.co')).to.equal(true);
      expect(isValidEmail('ann.lee@example')).to.equal(false);
      expect(isValidEmail('ann@example.c')).to.equal(false);
      expect(isValidEmail('annexample.com')).to.equal(false);
      expect(isValidEmail('ann@@example.com')).to.equal(false);
    });
  });

  describe('phone to E.164 (libphonenumber-js, US default)', () => {
    it('reads the formats Vista and Entra hold as the same number', () => {
      for (const raw of [
        '225-555-0134',
        '(225) 555-0134',
        '2255550134',
        '12255550134',
        '+1 225 555 0134',
        '+12255550134',
      ]) {
        expect(normalisePhone(raw), raw).to.equal('+12255550134');
      }
    });

    it('keeps foreign numbers written with their country code', () => {
      expect(normalisePhone('+44 20 7946 0958')).to.equal('+442079460958');
    });

    it('drops what is not a valid number instead of inventing one', () => {
      expect(normalisePhone('123')).to.equal(null);
      expect(normalisePhone('0123456789')).to.equal(null); // the original sent "+10123456789"
      expect(normalisePhone('call me')).to.equal(null);
      expect(normalisePhone('123456789012345678901')).to.equal(null);
      expect(normalisePhone('')).to.equal(null);
      expect(normalisePhone(null)).to.equal(null);
    });
  });

  describe('dates as YYYY-MM-DD', () => {
    it('takes the UTC day of a Date and the date part of strings with times', () => {
      expect(normaliseDate(new Date('2023-06-15T00:00:00Z'))).to.equal('2023-06-15');
      expect(normaliseDate('2023-06-15')).to.equal('2023-06-15');
      expect(normaliseDate('2023-06-15 00:00:00')).to.equal('2023-06-15');
      // The original never parsed a "T" and re-sent such dates every run.
      expect(normaliseDate('2023-06-15T00:00:00.000Z')).to.equal('2023-06-15');
    });

    it('refuses other formats and impossible days', () => {
      expect(normaliseDate('06/15/2023')).to.equal(null);
      expect(normaliseDate('2023-02-30')).to.equal(null);
      expect(normaliseDate('2023-6-1')).to.equal(null);
      expect(normaliseDate(new Date('nonsense'))).to.equal(null);
      expect(normaliseDate(null)).to.equal(null);
    });
  });

  describe('gender', () => {
    it('maps the original spellings, with female as a real 0', () => {
      for (const male of ['M', 'male', '1', 'true', 'T', 1, true])
        expect(normaliseGender(male), String(male)).to.equal(1);
      for (const female of ['F', 'Female', '0', '2', 'false', 0, 2, false]) {
        expect(normaliseGender(female), String(female)).to.equal(0);
      }
      expect(normaliseGender('X')).to.equal(null);
      expect(normaliseGender(null)).to.equal(null);
    });
  });

  describe('flags, integers and ids', () => {
    it('reads system_access as SafetyAmp may return it', () => {
      for (const yes of [true, 1, '1', 'true', ' TRUE '])
        expect(normaliseFlag(yes), String(yes)).to.equal(true);
      for (const no of [false, 0, '0', 'false', null, undefined, 'yes'])
        expect(normaliseFlag(no), String(no)).to.equal(false);
    });

    it('compares numbers and numeric strings alike', () => {
      expect(normaliseInteger('3183')).to.equal(3183);
      expect(normaliseInteger(3183)).to.equal(3183);
      expect(normaliseInteger('31.5')).to.equal(null);
      expect(normaliseId(5145)).to.equal(normaliseId('5145'));
      expect(normaliseId('ab12')).to.equal('ab12');
    });
  });

  describe('US zip codes (unchecked in the original)', () => {
    it('mends the forms Vista holds', () => {
      expect(normaliseZip('70663')).to.equal('70663');
      expect(normaliseZip('70663-')).to.equal('70663');
      expect(normaliseZip('70663-1234')).to.equal('70663-1234');
      expect(normaliseZip('706631234')).to.equal('70663-1234');
      expect(normaliseZip('2108-1234')).to.equal('02108-1234');
      expect(normaliseZip(70663)).to.equal('70663');
    });

    it('refuses what is no zip, and only trims outside the US', () => {
      expect(normaliseZip('ABCDE')).to.equal(null);
      expect(normaliseZip('123')).to.equal(null);
      expect(normaliseZip(' SW1A 1AA ', 'GB')).to.equal('SW1A 1AA');
    });
  });

  describe('properties', () => {
    const anyValue = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.boolean());

    it('every normaliser is idempotent', () => {
      fc.assert(
        fc.property(anyValue, (value) => {
          for (const normalise of [
            normaliseText,
            normaliseEmail,
            normalisePhone,
            normaliseDate,
            normaliseZip,
            normaliseId,
          ]) {
            const once = normalise(value);
            expect(normalise(once)).to.equal(once);
          }
          const gender = normaliseGender(value);
          expect(normaliseGender(gender)).to.equal(gender);
        }),
      );
    });

    it('an e-mail compares equal whatever its case and whitespace', () => {
      const email = fc
        .tuple(
          fc.stringMatching(/^[a-z0-9._-]{1,12}$/),
          fc.stringMatching(/^[a-z0-9-]{1,10}$/),
          fc.constantFrom('com', 'org', 'us'),
        )
        .map(([local, domain, tld]) => `${local}@${domain}.${tld}`);
      const messUp = (text: string, seeds: boolean[]): string =>
        [...text].map((c, i) => (seeds[i % seeds.length] ? ` ${c.toUpperCase()}` : c)).join('') + '\t';
      fc.assert(
        fc.property(email, fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), (address, seeds) => {
          expect(normaliseEmail(messUp(address, seeds))).to.equal(normaliseEmail(address));
        }),
      );
    });

    it('a US number compares equal in every common format', () => {
      const number = fc.tuple(
        fc.constantFrom('225', '337', '504', '713', '832', '985'),
        fc.integer({ min: 200, max: 999 }),
        fc.integer({ min: 0, max: 9999 }),
      );
      fc.assert(
        fc.property(number, ([area, exchange, line]) => {
          const l = String(line).padStart(4, '0');
          const formats = [
            `${area}-${exchange}-${l}`,
            `(${area}) ${exchange}-${l}`,
            `${area}${exchange}${l}`,
            `+1${area}${exchange}${l}`,
            `1 ${area} ${exchange} ${l}`,
          ];
          const normalised = new Set(formats.map((f) => normalisePhone(f)));
          expect(normalised.size).to.equal(1);
        }),
      );
    });

    it('a date compares equal as a Date, a date, a datetime and an ISO string', () => {
      fc.assert(
        fc.property(
          fc.date({
            min: new Date('1900-01-01T00:00:00Z'),
            max: new Date('2099-12-31T00:00:00Z'),
            noInvalidDate: true,
          }),
          (date) => {
            const day = date.toISOString().slice(0, 10);
            expect(normaliseDate(date)).to.equal(day);
            expect(normaliseDate(`${day} 13:45:00`)).to.equal(day);
            expect(normaliseDate(date.toISOString())).to.equal(day);
          },
        ),
      );
    });
  });
});
