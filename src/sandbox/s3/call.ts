/** One S3 request as the operations see it, and what they return. */
import type { Caller, Db, TrailInfo } from '../types.js';
import type { PolicyPrincipal } from './policy.js';

export interface S3Call {
  db: Db;
  caller: Caller;
  region: string;
  now: Date;
  requestId: string;
  method: string;
  bucket: string | undefined;
  key: string | undefined;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body: Buffer;
  trail: TrailInfo;
  /** Set by the operation: the CloudTrail eventName. */
  eventName: string;
}

export interface S3Result {
  status?: number;
  headers?: Record<string, string>;
  body?: Buffer;
  /** Work the answer waits for once the transaction has committed (a log file's columnar copy). */
  settled?: Promise<void>;
}

export function principalOf(caller: Caller): PolicyPrincipal {
  return { kind: 'aws', accountId: caller.accountId, roleArn: caller.roleArn, arn: caller.arn };
}

export function queryValue(call: S3Call, name: string): string | undefined {
  const value = call.query[name];
  return Array.isArray(value) ? value[value.length - 1] : value;
}
