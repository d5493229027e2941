import { describe, expect, it } from 'vitest';
import { matchesSearchExpression, searchableValue } from '../../../../src/sandbox/sagemaker/search.js';
import { controlPlaneInvalid } from '../../../../src/sandbox/sagemaker/dialects.js';
import { errorOf } from './harness.js';

const document = {
  FeatureGroupName: 'customers',
  CreationTime: new Date('2026-01-01T00:00:00Z'),
  FeatureDefinitions: [
    { FeatureName: 'customer_id', FeatureType: 'String' },
    { FeatureName: 'age', FeatureType: 'Integral' },
  ],
  OfflineStoreStatus: { Status: 'Active' },
  Tags: [{ Key: 'team', Value: 'growth' }],
};

const filter = (Name: string, Operator: string | undefined, Value?: string) => ({
  Filters: [{ Name, ...(Operator ? { Operator } : {}), ...(Value === undefined ? {} : { Value }) }],
});

describe('searchableValue', () => {
  it.each([
    ['FeatureGroupName', 'customers'],
    ['OfflineStoreStatus.Status', 'Active'],
    ['Tags.team', 'growth'],
    ['Tags.missing', undefined],
    ['FeatureDefinitions.FeatureName', ['customer_id', 'age']],
    ['Nope.deeper', undefined],
  ])('%s → %j', (path, expected) => {
    expect(searchableValue(document, path)).toEqual(expected);
  });
});

describe('matchesSearchExpression', () => {
  it.each([
    ['Equals by default', filter('FeatureGroupName', undefined, 'customers'), true],
    ['Equals is exact', filter('FeatureGroupName', 'Equals', 'Customers'), false],
    ['NotEquals', filter('FeatureGroupName', 'NotEquals', 'transactions'), true],
    ['Contains ignores case', filter('FeatureGroupName', 'Contains', 'STOM'), true],
    ['Contains on a list property', filter('FeatureDefinitions.FeatureName', 'Contains', 'ag'), true],
    ['Exists', filter('Tags.team', 'Exists'), true],
    ['NotExists', filter('Tags.owner', 'NotExists'), true],
    ['In', filter('FeatureGroupName', 'In', 'orders, customers'), true],
    ['GreaterThan on a time (epoch seconds)', filter('CreationTime', 'GreaterThan', '1767225599'), true],
    ['LessThan on a time (ISO)', filter('CreationTime', 'LessThan', '2025-12-31T00:00:00Z'), false],
    [
      'NotEquals against every list element',
      filter('FeatureDefinitions.FeatureName', 'NotEquals', 'age'),
      false,
    ],
    [
      'And of two filters',
      {
        Filters: [
          { Name: 'Tags.team', Value: 'growth' },
          { Name: 'FeatureGroupName', Value: 'x' },
        ],
      },
      false,
    ],
    [
      'Or of two filters',
      {
        Operator: 'Or',
        Filters: [
          { Name: 'Tags.team', Value: 'growth' },
          { Name: 'FeatureGroupName', Value: 'x' },
        ],
      },
      true,
    ],
    [
      'a nested filter must match one element entirely',
      {
        NestedFilters: [
          {
            NestedPropertyName: 'FeatureDefinitions',
            Filters: [
              { Name: 'FeatureDefinitions.FeatureName', Value: 'age' },
              { Name: 'FeatureDefinitions.FeatureType', Value: 'String' },
            ],
          },
        ],
      },
      false,
    ],
    ['an empty expression', {}, true],
  ])('%s', (_label, expression, expected) => {
    expect(matchesSearchExpression(document, expression, controlPlaneInvalid)).toBe(expected);
  });

  it.each([
    ['an unknown operator', filter('FeatureGroupName', 'Like', 'c%'), /enum value set/],
    ['a comparison without a value', filter('FeatureGroupName', 'Equals'), /needs a Value/],
    ['a boolean operator other than And/Or', { Operator: 'Xor', Filters: [] }, /And, Or/],
    [
      'more than 50 filters',
      { Filters: Array.from({ length: 51 }, () => ({ Name: 'FeatureGroupName', Value: 'a' })) },
      /at most 50/,
    ],
  ])('refuses %s with ValidationException', (_label, expression, message) => {
    const error = errorOf(() => matchesSearchExpression(document, expression, controlPlaneInvalid));
    expect(error.code).toBe('ValidationException');
    expect(error.message).toMatch(message);
  });
});
