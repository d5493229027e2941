import { describe, expect, it } from 'vitest';
import {
  MalformedPolicyError,
  evaluatePolicy,
  parsePolicy,
  wildcardMatch,
} from '../../../../src/sandbox/s3/policy.js';

const TRAIL = 'arn:aws:cloudtrail:us-east-1:111111111111:trail/audit';
const CLOUDTRAIL_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: 'arn:aws:s3:::logs/AWSLogs/111111111111/*',
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': TRAIL } },
    },
    {
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::222222222222:root' },
      Action: ['s3:Get*'],
      Resource: 'arn:aws:s3:::logs/*',
    },
    { Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/secret/*' },
  ],
});
const service = { kind: 'service' as const, service: 'cloudtrail.amazonaws.com' };
const consumer = {
  kind: 'aws' as const,
  accountId: '222222222222',
  roleArn: 'arn:aws:iam::222222222222:role/ds',
  arn: 'x',
};
const context = { 'aws:sourcearn': TRAIL, 's3:x-amz-acl': 'bucket-owner-full-control' };

describe('bucket policy evaluation', () => {
  it("allows CloudTrail's write only with the documented conditions and under the account's prefix", () => {
    const put = (resource: string, ctx: Record<string, string>): string =>
      evaluatePolicy(CLOUDTRAIL_POLICY, {
        action: 's3:PutObject',
        resource,
        principal: service,
        context: ctx,
      });
    expect(put('arn:aws:s3:::logs/AWSLogs/111111111111/CloudTrail/x.json.gz', context)).toBe('allow');
    expect(put('arn:aws:s3:::logs/AWSLogs/333333333333/CloudTrail/x.json.gz', context)).toBe('none');
    expect(
      put('arn:aws:s3:::logs/AWSLogs/111111111111/x', { ...context, 'aws:sourcearn': `${TRAIL}2` }),
    ).toBe('none');
    expect(put('arn:aws:s3:::logs/AWSLogs/111111111111/x', { 'aws:sourcearn': TRAIL })).toBe('none');
  });

  it('matches account principals, action wildcards case-insensitively, and lets an explicit Deny win', () => {
    const get = (resource: string, action = 's3:GetObject'): string =>
      evaluatePolicy(CLOUDTRAIL_POLICY, { action, resource, principal: consumer, context: {} });
    expect(get('arn:aws:s3:::logs/a')).toBe('allow');
    expect(get('arn:aws:s3:::logs/a', 'S3:GETOBJECT')).toBe('allow');
    expect(get('arn:aws:s3:::logs/a', 's3:PutObject')).toBe('none');
    expect(get('arn:aws:s3:::logs/secret/a')).toBe('deny');
    expect(
      evaluatePolicy(null, { action: 's3:GetObject', resource: 'x', principal: consumer, context: {} }),
    ).toBe('none');
  });

  it('rejects malformed policies with the reason', () => {
    expect(() => parsePolicy('not json')).toThrow(MalformedPolicyError);
    expect(() => parsePolicy('{"Statement":[]}')).toThrow(/Statement/);
    expect(() =>
      parsePolicy('{"Statement":[{"Effect":"Maybe","Principal":"*","Action":"s3:*","Resource":"*"}]}'),
    ).toThrow(/effect/);
    expect(() => parsePolicy('{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}')).toThrow(
      /Principal/,
    );
  });

  it('wildcards: * any run, ? one character, everything else literal', () => {
    expect(wildcardMatch('arn:aws:s3:::b/*', 'arn:aws:s3:::b/a/b.c')).toBe(true);
    expect(wildcardMatch('a?c', 'abc')).toBe(true);
    expect(wildcardMatch('a?c', 'abbc')).toBe(false);
    expect(wildcardMatch('a.c', 'abc')).toBe(false);
  });
});
