import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CATALOG_NAME,
  catalogArn,
  featureGroupArn,
  parseCatalogArn,
  parseFeatureGroupArn,
  parseFeatureGroupRef,
  partitionForRegion,
} from '../../../src/permissions/arns.js';
import { UsageError } from '../../../src/errors.js';

describe('parseFeatureGroupArn', () => {
  it.each([
    [
      'arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers',
      'aws',
      'us-east-1',
      '111111111111',
      'customers',
    ],
    ['arn:aws:sagemaker:eu-west-2:222222222222:feature-group/a', 'aws', 'eu-west-2', '222222222222', 'a'],
    [
      'arn:aws-cn:sagemaker:cn-north-1:123456789012:feature-group/fg_1-x',
      'aws-cn',
      'cn-north-1',
      '123456789012',
      'fg_1-x',
    ],
    [
      'arn:aws-us-gov:sagemaker:us-gov-west-1:123456789012:feature-group/Trans-Actions',
      'aws-us-gov',
      'us-gov-west-1',
      '123456789012',
      'Trans-Actions',
    ],
    [
      'arn:aws-iso-b:sagemaker:us-isob-east-1:123456789012:feature-group/x9',
      'aws-iso-b',
      'us-isob-east-1',
      '123456789012',
      'x9',
    ],
    [
      'arn:aws:sagemaker:ap-southeast-2:000000000000:feature-group/' + 'a'.repeat(64),
      'aws',
      'ap-southeast-2',
      '000000000000',
      'a'.repeat(64),
    ],
  ])('%s', (arn, partition, region, account, name) => {
    expect(parseFeatureGroupArn(arn)).toEqual({ arn, partition, region, account, name });
  });

  it.each([
    ['another service', 'arn:aws:s3:::my-bucket/feature-group/customers'],
    ['another service, same shape', 'arn:aws:glue:us-east-1:111111111111:feature-group/customers'],
    ['wrong resource type', 'arn:aws:sagemaker:us-east-1:111111111111:pipeline/customers'],
    ['the catalog', 'arn:aws:sagemaker:us-east-1:111111111111:sagemaker-catalog/DefaultFeatureGroupCatalog'],
    ['13-digit account', 'arn:aws:sagemaker:us-east-1:1111111111111:feature-group/customers'],
    ['11-digit account', 'arn:aws:sagemaker:us-east-1:11111111111:feature-group/customers'],
    ['letters in the account', 'arn:aws:sagemaker:us-east-1:11111111111a:feature-group/customers'],
    [
      'full-width digits in the account',
      'arn:aws:sagemaker:us-east-1:１１１１１１１１１１１１:feature-group/customers',
    ],
    ['no region', 'arn:aws:sagemaker::111111111111:feature-group/customers'],
    ['bad region', 'arn:aws:sagemaker:useast1:111111111111:feature-group/customers'],
    ['bad partition', 'arn:amazon:sagemaker:us-east-1:111111111111:feature-group/customers'],
    ['empty name', 'arn:aws:sagemaker:us-east-1:111111111111:feature-group/'],
    ['name with a slash', 'arn:aws:sagemaker:us-east-1:111111111111:feature-group/a/b'],
    ['name too long', 'arn:aws:sagemaker:us-east-1:111111111111:feature-group/' + 'a'.repeat(65)],
    ['name starting with a hyphen', 'arn:aws:sagemaker:us-east-1:111111111111:feature-group/-a'],
    ['space in the name', 'arn:aws:sagemaker:us-east-1:111111111111:feature-group/a b'],
    ['trailing space', 'arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers '],
    ['upper-case prefix', 'ARN:AWS:sagemaker:us-east-1:111111111111:feature-group/customers'],
    ['empty string', ''],
  ])('rejects %s', (_why, arn) => {
    expect(parseFeatureGroupArn(arn)).toBeUndefined();
  });
});

describe('parseCatalogArn', () => {
  it.each([
    [
      'arn:aws:sagemaker:us-east-1:111111111111:sagemaker-catalog/DefaultFeatureGroupCatalog',
      'aws',
      'us-east-1',
      '111111111111',
    ],
    [
      'arn:aws-cn:sagemaker:cn-northwest-1:222222222222:sagemaker-catalog/DefaultFeatureGroupCatalog',
      'aws-cn',
      'cn-northwest-1',
      '222222222222',
    ],
    [
      'arn:aws-us-gov:sagemaker:us-gov-east-1:333333333333:sagemaker-catalog/DefaultFeatureGroupCatalog',
      'aws-us-gov',
      'us-gov-east-1',
      '333333333333',
    ],
  ])('%s', (arn, partition, region, account) => {
    expect(parseCatalogArn(arn)).toEqual({ arn, partition, region, account, name: DEFAULT_CATALOG_NAME });
  });

  it.each([
    ['a feature group', 'arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers'],
    ['another service', 'arn:aws:ram:us-east-1:111111111111:sagemaker-catalog/DefaultFeatureGroupCatalog'],
    [
      '13-digit account',
      'arn:aws:sagemaker:us-east-1:1111111111111:sagemaker-catalog/DefaultFeatureGroupCatalog',
    ],
    ['empty name', 'arn:aws:sagemaker:us-east-1:111111111111:sagemaker-catalog/'],
    ['space in the name', 'arn:aws:sagemaker:us-east-1:111111111111:sagemaker-catalog/Default Catalog'],
    ['slash in the name', 'arn:aws:sagemaker:us-east-1:111111111111:sagemaker-catalog/a/b'],
    ['empty string', ''],
  ])('rejects %s', (_why, arn) => {
    expect(parseCatalogArn(arn)).toBeUndefined();
  });
});

describe('ARN builders', () => {
  it.each([
    ['us-east-1', 'aws'],
    ['eu-central-1', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['cn-northwest-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['us-gov-east-1', 'aws-us-gov'],
  ])('region %s is in partition %s; built ARNs parse back', (region, partition) => {
    expect(partitionForRegion(region)).toBe(partition);
    const fg = featureGroupArn(partition, region, '111111111111', 'customers');
    expect(parseFeatureGroupArn(fg)).toMatchObject({
      partition,
      region,
      account: '111111111111',
      name: 'customers',
    });
    const cat = catalogArn(partition, region, '111111111111');
    expect(parseCatalogArn(cat)).toMatchObject({
      partition,
      region,
      account: '111111111111',
      name: DEFAULT_CATALOG_NAME,
    });
  });
});

describe('parseFeatureGroupRef', () => {
  it('an ARN keeps its own account and region', () => {
    const ref = parseFeatureGroupRef('arn:aws:sagemaker:eu-west-1:111111111111:feature-group/customers');
    expect(ref).toMatchObject({
      kind: 'arn',
      name: 'customers',
      arn: { region: 'eu-west-1', account: '111111111111' },
    });
  });

  it.each([
    ['111111111111/customers', '111111111111', 'customers'],
    ['000000000000/a', '000000000000', 'a'],
    ['222222222222/fg_1-x', '222222222222', 'fg_1-x'],
  ])('ACCOUNT/NAME %s', (text, account, name) => {
    expect(parseFeatureGroupRef(text)).toEqual({ kind: 'qualified', text, account, name });
  });

  it.each(['customers', 'a', 'A1', 'fg_1-x', 'a'.repeat(64)])('bare NAME %s', (text) => {
    expect(parseFeatureGroupRef(text)).toEqual({ kind: 'name', text, name: text });
  });

  it.each([
    ['empty', '', /empty/],
    ['only spaces', '   ', /empty/],
    ['leading space', ' customers', /whitespace/],
    ['trailing newline', 'customers\n', /whitespace/],
    ['space inside', 'cust omers', /not a valid feature group name/],
    ['a non-feature-group ARN', 'arn:aws:s3:::bucket', /not a feature group ARN/],
    [
      'a catalog ARN',
      'arn:aws:sagemaker:us-east-1:111111111111:sagemaker-catalog/DefaultFeatureGroupCatalog',
      /not a feature group ARN/,
    ],
    ['a 13-digit account', '1111111111111/customers', /not a 12-digit account ID/],
    ['an 11-digit account', '11111111111/customers', /not a 12-digit account ID/],
    ['full-width digits', '１１１１１１１１１１１１/customers', /not a 12-digit account ID/],
    ['Arabic-Indic digits', '١١١١١١١١١١١١/customers', /not a 12-digit account ID/],
    ['no account', '/customers', /not a 12-digit account ID/],
    ['no name', '111111111111/', /not a valid feature group name/],
    ['two slashes', '111111111111/a/b', /not a valid feature group name/],
    ['name too long', 'a'.repeat(65), /not a valid feature group name/],
    ['name ending in a hyphen', 'customers-', /not a valid feature group name/],
    ['dots', 'customers.v2', /not a valid feature group name/],
    ['unicode letters', 'clientès', /not a valid feature group name/],
  ])('rejects %s with a UsageError', (_why, text, message) => {
    let caught: unknown;
    try {
      parseFeatureGroupRef(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UsageError);
    const err = caught as UsageError;
    expect(err.exitCode).toBe(2);
    expect(err.code).toBe('FSHARE_BAD_FEATURE_GROUP');
    expect(err.message).toMatch(message);
    expect(err.hint).toBeTruthy();
  });
});
