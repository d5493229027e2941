import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import {
  featureGroupArn,
  parseFeatureGroupArn,
  parseFeatureGroupRef,
  partitionForRegion,
} from '../../../src/permissions/arns.js';
import { parsePrincipal } from '../../../src/permissions/principals.js';

const digit = fc.constantFrom(...'0123456789'.split(''));
const account = fc.array(digit, { minLength: 12, maxLength: 12 }).map((d) => d.join(''));
const region = fc.constantFrom('us-east-1', 'eu-west-2', 'ap-southeast-1', 'cn-north-1', 'us-gov-west-1');
const alnum = fc.constantFrom(...'abcXYZ019'.split(''));
const name = fc
  .tuple(alnum, fc.array(fc.tuple(fc.constantFrom('', '-', '_'), alnum), { maxLength: 20 }))
  .map(([first, rest]) => first + rest.map(([sep, c]) => sep + c).join(''));

describe('properties', () => {
  it('every 12 ASCII digits is an account principal', () => {
    fc.assert(
      fc.property(account, (id) => {
        expect(parsePrincipal(id)).toEqual({ kind: 'account', id, account: id });
      }),
    );
  });

  it('digit strings of any other length, or with a non-ASCII digit, are refused', () => {
    const nonAscii = fc.constantFrom('٠', '١', '۵', '０', '９', '५', '๓');
    const bad = fc.oneof(
      fc
        .array(digit, { minLength: 1, maxLength: 30 })
        .filter((d) => d.length !== 12)
        .map((d) => d.join('')),
      fc
        .tuple(fc.array(digit, { minLength: 11, maxLength: 11 }), nonAscii, fc.nat(11))
        .map(([d, u, at]) => [...d.slice(0, at), u, ...d.slice(at)].join('')),
    );
    fc.assert(
      fc.property(bad, (text) => {
        expect(() => parsePrincipal(text)).toThrow(UsageError);
      }),
    );
  });

  it('a built feature group ARN parses back to its parts, and is accepted as a reference', () => {
    fc.assert(
      fc.property(region, account, name, (r, a, n) => {
        const arn = featureGroupArn(partitionForRegion(r), r, a, n);
        expect(parseFeatureGroupArn(arn)).toEqual({
          arn,
          partition: partitionForRegion(r),
          region: r,
          account: a,
          name: n,
        });
        expect(parseFeatureGroupRef(arn)).toMatchObject({ kind: 'arn', name: n });
        expect(parseFeatureGroupRef(`${a}/${n}`)).toEqual({
          kind: 'qualified',
          text: `${a}/${n}`,
          account: a,
          name: n,
        });
        expect(parseFeatureGroupRef(n)).toEqual({ kind: 'name', text: n, name: n });
      }),
    );
  });

  it('parseFeatureGroupRef either parses or throws a UsageError, never anything else', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        try {
          parseFeatureGroupRef(text);
        } catch (error) {
          expect(error).toBeInstanceOf(UsageError);
        }
      }),
    );
  });

  it('parsePrincipal either parses or throws a UsageError, never anything else', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        try {
          parsePrincipal(text);
        } catch (error) {
          expect(error).toBeInstanceOf(UsageError);
        }
      }),
    );
  });
});
