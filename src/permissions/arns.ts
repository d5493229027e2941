/**
 * Parsing and validation of the ARNs and names fshare accepts. Partition-aware: aws, aws-cn,
 * aws-us-gov and the isolated partitions all parse.
 */
import { UsageError } from '../errors.js';

const PARTITION = '(aws(?:-[a-z]+)*)';
const REGION = '([a-z]{2}(?:-[a-z]+)+-\\d{1,2})';
const ACCOUNT = '(\\d{12})';
/** SageMaker's feature group name rule: [a-zA-Z0-9]([-_]*[a-zA-Z0-9]){0,63}. */
export const FEATURE_GROUP_NAME = /^[a-zA-Z0-9](?:[-_]*[a-zA-Z0-9]){0,63}$/;
export const ACCOUNT_ID = /^\d{12}$/;
const CATALOG_NAME = /^[a-zA-Z0-9][-_a-zA-Z0-9]*$/;

const FEATURE_GROUP_ARN = new RegExp(`^arn:${PARTITION}:sagemaker:${REGION}:${ACCOUNT}:feature-group/(.+)$`);
const CATALOG_ARN = new RegExp(`^arn:${PARTITION}:sagemaker:${REGION}:${ACCOUNT}:sagemaker-catalog/(.+)$`);

export const DEFAULT_CATALOG_NAME = 'DefaultFeatureGroupCatalog';

export interface ParsedResourceArn {
  arn: string;
  partition: string;
  region: string;
  account: string;
  name: string;
}

export function parseFeatureGroupArn(text: string): ParsedResourceArn | undefined {
  const m = FEATURE_GROUP_ARN.exec(text);
  if (!m?.[1] || !m[2] || !m[3] || !m[4] || !FEATURE_GROUP_NAME.test(m[4])) {
    return undefined;
  }
  return { arn: text, partition: m[1], region: m[2], account: m[3], name: m[4] };
}

export function parseCatalogArn(text: string): ParsedResourceArn | undefined {
  const m = CATALOG_ARN.exec(text);
  if (!m?.[1] || !m[2] || !m[3] || !m[4] || !CATALOG_NAME.test(m[4])) {
    return undefined;
  }
  return { arn: text, partition: m[1], region: m[2], account: m[3], name: m[4] };
}

export function featureGroupArn(partition: string, region: string, account: string, name: string): string {
  return `arn:${partition}:sagemaker:${region}:${account}:feature-group/${name}`;
}

export function catalogArn(partition: string, region: string, account: string): string {
  return `arn:${partition}:sagemaker:${region}:${account}:sagemaker-catalog/${DEFAULT_CATALOG_NAME}`;
}

/** The partition for a region: aws-cn for cn-*, aws-us-gov for us-gov-*, else aws. */
export function partitionForRegion(region: string): string {
  if (region.startsWith('cn-')) {
    return 'aws-cn';
  }
  if (region.startsWith('us-gov-')) {
    return 'aws-us-gov';
  }
  return 'aws';
}

/** How a user named a feature group: by ARN, by ACCOUNT/NAME, or by bare NAME. */
export type FeatureGroupRef =
  | { kind: 'arn'; text: string; arn: ParsedResourceArn; name: string }
  | { kind: 'qualified'; text: string; account: string; name: string }
  | { kind: 'name'; text: string; name: string };

const NAME_HINT = 'Use a feature group ARN, ACCOUNT/NAME (e.g. 111111111111/customers), or a name.';

export function parseFeatureGroupRef(text: string): FeatureGroupRef {
  if (text.trim() === '') {
    throw new UsageError('The feature group is empty.', {
      hint: NAME_HINT,
      code: 'FSHARE_BAD_FEATURE_GROUP',
    });
  }
  if (text !== text.trim()) {
    throw new UsageError(`Feature group "${text}" has leading or trailing whitespace.`, {
      hint: 'Remove the spaces around the name.',
      code: 'FSHARE_BAD_FEATURE_GROUP',
    });
  }
  if (text.startsWith('arn:')) {
    const arn = parseFeatureGroupArn(text);
    if (!arn) {
      throw new UsageError(`"${text}" is not a feature group ARN.`, {
        hint: 'A feature group ARN looks like arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers.',
        code: 'FSHARE_BAD_FEATURE_GROUP',
      });
    }
    return { kind: 'arn', text, arn, name: arn.name };
  }
  const slash = text.indexOf('/');
  if (slash >= 0) {
    const account = text.slice(0, slash);
    const name = text.slice(slash + 1);
    if (!ACCOUNT_ID.test(account)) {
      throw new UsageError(`"${account}" in "${text}" is not a 12-digit account ID.`, {
        hint: NAME_HINT,
        code: 'FSHARE_BAD_FEATURE_GROUP',
      });
    }
    if (!FEATURE_GROUP_NAME.test(name)) {
      throw new UsageError(`"${name}" in "${text}" is not a valid feature group name.`, {
        hint: 'Names are 1-64 letters, digits, hyphens and underscores, starting and ending with a letter or digit.',
        code: 'FSHARE_BAD_FEATURE_GROUP',
      });
    }
    return { kind: 'qualified', text, account, name };
  }
  if (!FEATURE_GROUP_NAME.test(text)) {
    throw new UsageError(`"${text}" is not a valid feature group name.`, {
      hint: 'Names are 1-64 letters, digits, hyphens and underscores, starting and ending with a letter or digit.',
      code: 'FSHARE_BAD_FEATURE_GROUP',
    });
  }
  return { kind: 'name', text, name: text };
}
