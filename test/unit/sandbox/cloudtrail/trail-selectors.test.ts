import { describe, expect, it } from 'vitest';
import type { CloudTrailRecord } from '../../../../src/sandbox/cloudtrail/record.js';
import { dueTime } from '../../../../src/sandbox/cloudtrail/trails/state.js';
import {
  trailSelects,
  validateAdvancedSelectors,
  validateBasicSelectors,
} from '../../../../src/sandbox/cloudtrail/trails/selectors.js';

const FG = 'arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers';

function record(overrides: Partial<CloudTrailRecord> & Record<string, unknown>): CloudTrailRecord {
  return {
    eventID: 'e',
    eventTime: '2026-12-01T00:00:00Z',
    eventName: 'GetRecord',
    eventSource: 'sagemaker.amazonaws.com',
    eventCategory: 'Data',
    recipientAccountId: '111111111111',
    readOnly: true,
    userIdentity: { arn: 'arn:aws:sts::222222222222:assumed-role/ds/s' },
    resources: [{ accountId: '111111111111', type: 'AWS::SageMaker::FeatureGroup', ARN: FG }],
    ...overrides,
  };
}

const featureGroups = validateAdvancedSelectors([
  {
    FieldSelectors: [
      { Field: 'eventCategory', Equals: ['Data'] },
      { Field: 'resources.type', Equals: ['AWS::SageMaker::FeatureGroup'] },
      { Field: 'resources.ARN', StartsWith: ['arn:aws:sagemaker:us-east-1:111111111111:feature-group/cust'] },
      { Field: 'eventName', NotEquals: ['PutRecord'] },
    ],
  },
]);

describe('trail selectors', () => {
  it('advanced: every field selector must hold, resources.* on one and the same resource', () => {
    expect(trailSelects({ advanced: featureGroups }, record({}))).toBe(true);
    expect(trailSelects({ advanced: featureGroups }, record({ eventName: 'PutRecord' }))).toBe(false);
    expect(trailSelects({ advanced: featureGroups }, record({ eventCategory: 'Management' }))).toBe(false);
    const split = record({
      resources: [
        {
          type: 'AWS::SageMaker::FeatureGroup',
          ARN: 'arn:aws:sagemaker:us-east-1:111111111111:feature-group/other',
        },
        { type: 'AWS::S3::Object', ARN: `${FG}-lookalike` },
      ],
    });
    expect(trailSelects({ advanced: featureGroups }, split)).toBe(false);
  });

  it('default (no selectors): management events only; basic: data resources by type and ARN prefix', () => {
    expect(trailSelects({}, record({}))).toBe(false);
    expect(trailSelects({}, record({ eventCategory: 'Management', eventName: 'CreateTrail' }))).toBe(true);
    const basic = validateBasicSelectors([
      {
        ReadWriteType: 'WriteOnly',
        IncludeManagementEvents: false,
        DataResources: [{ Type: 'AWS::SageMaker::FeatureGroup', Values: [FG] }],
      },
    ]);
    expect(trailSelects({ basic }, record({ readOnly: false, eventName: 'PutRecord' }))).toBe(true);
    expect(trailSelects({ basic }, record({}))).toBe(false);
    expect(trailSelects({ basic }, record({ eventCategory: 'Management', readOnly: false }))).toBe(false);
  });

  it('refuses selectors CloudTrail refuses', () => {
    expect(() =>
      validateAdvancedSelectors([{ FieldSelectors: [{ Field: 'eventName', Equals: ['x'] }] }]),
    ).toThrow(/eventCategory/);
    expect(() =>
      validateAdvancedSelectors([{ FieldSelectors: [{ Field: 'eventCategory', StartsWith: ['Da'] }] }]),
    ).toThrow(/Only Equals/);
    expect(() =>
      validateAdvancedSelectors([
        {
          FieldSelectors: [
            { Field: 'nope', Equals: ['x'] },
            { Field: 'eventCategory', Equals: ['Data'] },
          ],
        },
      ]),
    ).toThrow(/not a valid/);
    const many = Array.from({ length: 501 }, (_v, i) => `arn:${i}`);
    expect(() =>
      validateAdvancedSelectors([
        {
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Data'] },
            { Field: 'resources.ARN', Equals: many },
          ],
        },
      ]),
    ).toThrow(/500/);
  });

  it('delivers about 5 minutes after the event: 2.5 minutes after its 5-minute window closes', () => {
    const t = Date.UTC(2026, 11, 1, 10, 1, 0);
    expect(dueTime(t)).toBe(Date.UTC(2026, 11, 1, 10, 7, 30));
    expect(dueTime(Date.UTC(2026, 11, 1, 10, 4, 59))).toBe(Date.UTC(2026, 11, 1, 10, 7, 30));
  });
});
