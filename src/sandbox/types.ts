/**
 * The sandbox's internal contract. The wire layer (src/sandbox/wire/*) turns an HTTP request into
 * (service, operation, input, caller), calls the operation's handler, serialises its output or
 * error in the service's protocol, and records a CloudTrail event. Handlers are synchronous
 * functions over the SQLite store: no wire concerns, no I/O besides the database.
 *
 * Conventions for handlers:
 * - `input` is the operation's input as the SDK models it (camelCase members for RAM, PascalCase
 *   for SageMaker, CloudTrail, Feature Store runtime, STS), already decoded from path/query/body.
 * - Return the output object in the same naming; return Date objects for timestamps (the wire
 *   layer writes epoch seconds for JSON protocols and ISO-8601 for awsQuery).
 * - Throw SandboxServiceError(code, message, status) for modelled AWS errors.
 * - Fill `ctx.trail` so the CloudTrail event has the right resources, category and owner.
 */
import type BetterSqlite3 from 'better-sqlite3';

export type Db = BetterSqlite3.Database;

export type Protocol = 'awsJson1_1' | 'restJson1' | 'awsQuery';
export type ServiceId =
  'sts' | 'ram' | 'sagemaker' | 'featurestore' | 'cloudtrail' | 'organizations' | 's3' | 'athena';

/** A sandbox principal: one IAM role in one account, with its own access key. */
export interface SandboxPrincipal {
  /** owner, auditor, consumer, consumer-analyst, partner */
  profile: string;
  accountId: string;
  /** arn:aws:iam::ACCOUNT:role/NAME */
  roleArn: string;
  roleName: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** Who is calling, as resolved from the SigV4 access key. */
export interface Caller extends SandboxPrincipal {
  /** arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION, as STS GetCallerIdentity returns. */
  arn: string;
  /** AROA…:SESSION */
  userId: string;
  sourceIpAddress: string;
  userAgent: string;
}

export interface TrailResource {
  accountId?: string;
  type: string;
  ARN: string;
}

/** What a handler says about the CloudTrail event its call produces. */
export interface TrailInfo {
  eventCategory: EventCategory;
  readOnly: boolean;
  resources: TrailResource[];
  /**
   * The account that owns the resource acted on. When it differs from the caller's account the
   * event is delivered to both accounts with one sharedEventID.
   */
  ownerAccountId?: string;
  /** Defaults to the operation input (with secrets and record values left out by the handler). */
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
}

export interface OperationContext {
  db: Db;
  caller: Caller;
  region: string;
  /** The sandbox's business clock (real time plus the stored offset). */
  now: Date;
  requestId: string;
  trail: TrailInfo;
}

export type OperationInput = Record<string, unknown>;
export type OperationOutput = Record<string, unknown> | undefined;
export type OperationHandler = (input: OperationInput, ctx: OperationContext) => OperationOutput;

/** restJson1 HTTP binding: how path labels, query parameters and the body map to input members. */
export interface RestBinding {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  /** e.g. '/FeatureGroup/{FeatureGroupName}' or '/createresourceshare' */
  path: string;
  /** query parameter name → input member; `list: true` for repeated parameters */
  query?: Record<string, { member: string; list?: boolean; type?: 'string' | 'integer' | 'boolean' }>;
}

export type EventCategory = 'Management' | 'Data';

export interface OperationDefinition {
  handler: OperationHandler;
  /** Required for restJson1 services. */
  http?: RestBinding;
  /**
   * The CloudTrail `readOnly` of this operation's events, declared once here (the wire layer fills
   * `ctx.trail` from it before the handler runs). Absent: guessed from the name (Get/List/Describe…).
   */
  readOnly?: boolean;
  /** The CloudTrail `eventCategory`; Management when absent. */
  category?: EventCategory;
}

export interface ServiceDefinition {
  id: ServiceId;
  /** The SigV4 signing name in the credential scope. */
  signingName: string;
  protocol: Protocol;
  /** awsJson1_1: the X-Amz-Target prefix before the last '.', e.g. 'SageMaker'. Dispatch uses the text after the last '.'. */
  targetPrefix?: string;
  /** CloudTrail eventSource, e.g. 'sagemaker.amazonaws.com'. */
  eventSource: string;
  operations: Record<string, OperationDefinition>;
}

/** A modelled AWS error. `status` defaults to 400. */
export class SandboxServiceError extends Error {
  override name = 'SandboxServiceError';
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** Everything the CloudTrail recorder needs about one finished call. */
export interface RecordedCall {
  service: ServiceDefinition;
  operation: string;
  caller: Caller;
  region: string;
  time: Date;
  requestId: string;
  input: OperationInput;
  trail: TrailInfo;
  error?: { code: string; message: string };
}
