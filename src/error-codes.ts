/**
 * Every FSHARE_* error code, its exit code and one doc line: the one table. An error's exit code
 * is looked up here from its code (src/errors.ts), so one code cannot exit 2 in one place and 1 in
 * another. docs/errors.md's code table is generated from this one (`npm run docs:errors`), and a
 * test fails when a code emitted anywhere in src/ or commands/ is missing here.
 *
 * To add a code: one line, `FSHARE_NAME: [exit, 'when it happens', 'optional generic hint'],`
 * in its section. Exits: 1 failure, 2 bad input (nothing sent), 3 access denied, 4 not found,
 * 5 partial failure, 130 interrupted or declined.
 */

/** [exit code, when it happens, a hint used when the error is raised without one]. */
export type ErrorCodeEntry = readonly [exit: 1 | 2 | 3 | 4 | 5 | 6 | 130, doc: string, hint?: string];

export const ERROR_CODES = {
  // General
  FSHARE_USAGE: [2, 'unknown option or command, missing argument, bad global option'],
  FSHARE_NON_INTERACTIVE: [2, 'a confirmation or picker was needed and there is no terminal', 'Pass --yes.'],
  FSHARE_CANCELLED: [130, 'a confirmation was declined: nothing was changed'],
  FSHARE_INTERRUPTED: [
    130,
    'Ctrl-C (SIGINT) or SIGTERM: no call starts after the signal; what was done is reported',
  ],
  FSHARE_INTERNAL: [1, 'an unexpected failure: a bug', 'Run again with --debug and report the stack trace.'],
  FSHARE_NOT_FOUND: [4, 'something named does not exist (generic)'],
  FSHARE_ACCESS_DENIED: [
    3,
    'a record operation was refused: the hint names the level needed and the grant to ask for',
  ],
  FSHARE_PARTIAL_FAILURE: [5, 'some items of a bulk operation failed (each is reported)'],
  FSHARE_OUTPUT_FAILED: [1, 'stdout could not be written (e.g. `> /dev/full`: no space left on device)'],
  FSHARE_BAD_QUERY: [2, '`--query` is not a valid JMESPath expression'],
  FSHARE_UNKNOWN_FIELD: [2, '`--json` names a field the command does not output (the valid ones are listed)'],
  FSHARE_BAD_OUTPUT_OPTION: [
    2,
    '`--json` or `--query` with `-o table`, `csv` or `text` (they select from JSON)',
  ],
  FSHARE_CONFLICTING_FLAGS: [2, 'flags that cannot be used together'],

  // Set-up: profile, region, sandbox
  FSHARE_UNKNOWN_PROFILE: [2, '`--profile` names a profile that is in neither AWS config file'],
  FSHARE_NO_REGION: [2, 'no `--region`, `AWS_REGION` or profile region'],
  FSHARE_UNKNOWN_SHELL: [2, '`fshare completion` for a shell other than bash, zsh, fish'],
  FSHARE_SANDBOX_NOT_INITIALISED: [2, '`--sandbox` before `fshare sandbox init` (nothing was sent)'],
  FSHARE_SANDBOX_UNKNOWN_PROFILE: [2, '`--sandbox` with a profile the sandbox does not have'],
  FSHARE_SANDBOX_BAD_FAULTS: [2, 'a `FSHARE_SANDBOX_*` fault variable that is not a number in range'],
  FSHARE_SANDBOX_BAD_LIMITS: [
    2,
    '`sandbox init --ram-limits` with an unknown name or a value that is not positive',
  ],
  FSHARE_SANDBOX_PORT_UNAVAILABLE: [
    1,
    '`fshare sandbox serve` cannot listen on the port (in use or not allowed)',
  ],
  FSHARE_SANDBOX_STORE_CORRUPT: [
    1,
    'the sandbox store (sandbox.db) is damaged or not a database',
    'Run `fshare sandbox reset --yes` and then `fshare sandbox init` to start a fresh sandbox.',
  ],
  FSHARE_SANDBOX_STORE_LOCKED: [
    1,
    'another process has held the sandbox store locked for longer than the wait',
    'Wait for the other fshare process to finish, or stop it (`fshare sandbox status` lists running servers), then retry.',
  ],
  FSHARE_SANDBOX_STORE_UNAVAILABLE: [
    1,
    'the sandbox store cannot be opened or written (permissions, read-only or full disk)',
    'Check that FSHARE_HOME is yours and writable, or point FSHARE_HOME at another directory.',
  ],
  FSHARE_DEMO_FAILED: [1, '`fshare demo` could not create its sandbox'],

  // AWS errors, mapped by name (src/aws/errors.ts)
  FSHARE_AWS_ACCESS_DENIED: [3, 'AWS said access denied (AccessDenied, AccessDeniedException, …)'],
  FSHARE_AWS_NOT_FOUND: [4, 'AWS said the resource does not exist (ResourceNotFound, …)'],
  FSHARE_AWS_THROTTLED: [1, 'AWS throttled the request and the retries ran out'],
  FSHARE_AWS_SERVER_ERROR: [1, 'AWS returned a 5xx / server fault'],
  FSHARE_AWS_CREDENTIALS: [1, 'credentials missing, expired or not accepted'],
  FSHARE_AWS_ERROR: [
    1,
    'any other AWS error: AWS’s own message',
    'Run again with --debug to see the request.',
  ],
  FSHARE_NETWORK: [1, 'the endpoint could not be reached (no TCP connection within 5 s, DNS, reset)'],

  // Feature groups and principals (owner and consumer)
  FSHARE_BAD_FEATURE_GROUP: [
    2,
    'a feature group reference that is not an ARN, `ACCOUNT/NAME` or a valid name',
  ],
  FSHARE_AMBIGUOUS_FEATURE_GROUP: [2, 'a bare name shared by several accounts (the candidates are listed)'],
  FSHARE_NOT_OWN_FEATURE_GROUP: [2, 'an owner command on another account’s feature group'],
  FSHARE_REGION_MISMATCH: [2, 'a feature-group ARN in another region than the one in use'],
  FSHARE_FEATURE_GROUP_NOT_FOUND: [
    4,
    'a name found neither in your account nor among the groups shared with you',
  ],
  FSHARE_NO_FEATURE_GROUP: [2, '`grant`/`revoke` with no feature group and no `--catalog`'],
  FSHARE_CATALOG_WITH_GROUPS: [2, '`--catalog` together with feature-group names'],
  FSHARE_BAD_PRINCIPAL: [2, 'a principal that is not an account, organization, OU or IAM role/user'],
  FSHARE_TOO_MANY_PRINCIPALS: [
    2,
    'more principals in one grant than RAM takes in one call (refused before sending)',
  ],
  FSHARE_PLAN_BLOCKED: [2, 'the plan has a problem `apply` would hit (each is listed); nothing was changed'],
  FSHARE_DUPLICATE_PRINCIPAL: [2, 'a principal listed twice'],
  FSHARE_NO_PRINCIPAL: [2, '`--to`/`--from` with no principal'],
  FSHARE_PRINCIPAL_NOT_ALLOWED: [2, 'an IAM principal on a catalog (discoverability) share'],
  FSHARE_PRINCIPAL_TYPE: [2, 'a principal type the resource type cannot be shared with (found by `plan`)'],
  FSHARE_SHARE_WITH_SELF: [2, 'a grant to your own account (RAM does not share with the owner)'],
  FSHARE_EXTERNAL_PRINCIPAL: [2, 'a principal outside your organization without `--allow-external`'],
  FSHARE_NO_ORGANIZATION: [2, 'an OU or organization principal while your account is in no organization'],
  FSHARE_OU_UNRESOLVED: [2, 'an OU ID that cannot be resolved (the organization cannot be read)'],
  FSHARE_ORG_SHARING_OFF: [2, 'an OU or organization principal while RAM organization sharing is off'],
  FSHARE_INVITATION_QUOTA: [2, 'the grant would exceed RAM’s quota of pending invitations'],
  FSHARE_RAM_QUOTA: [2, 'the change would exceed a RAM quota (found by `plan`, before anything is sent)'],
  FSHARE_TOO_MANY_EXPIRIES: [2, 'a share would carry more tags than RAM allows (one per expiring grant)'],
  FSHARE_BAD_ACCOUNT: [2, 'an account ID that is not 12 digits'],
  FSHARE_BAD_LEVEL: [2, '`--level` that is not read-only, read-write or admin'],
  FSHARE_NO_LEVEL: [2, '`grant` to feature groups without `--level`'],
  FSHARE_BAD_EXPIRY: [2, '`--expires` that is not a future date or duration, or on `--catalog`'],
  FSHARE_BAD_DURATION: [2, 'a duration that is not `<number><s|m|h|d|w>` or is out of range'],
  FSHARE_BAD_DATE: [2, 'a date that is not a calendar-valid ISO-8601 instant'],

  // Owner: shares, policies, apply
  FSHARE_BAD_POLICY: [2, 'a policy file that does not validate (file:line:col for each problem)'],
  FSHARE_POLICY_UNREADABLE: [2, 'the policy file cannot be read'],
  FSHARE_POLICY_REGION: [2, 'the policy names another region than the one in use'],
  FSHARE_SHARE_NOT_CREATED: [1, 'RAM did not return the share it was asked to create'],
  FSHARE_ASSOCIATION_FAILED: [5, 'RAM reported an association as failed'],
  FSHARE_PARTIAL_APPLY: [5, '`apply`/`grant` stopped part-way: what was and was not done is listed'],

  // Consumer: invitations
  FSHARE_BAD_INVITATION: [2, 'an argument that is not a resource share invitation ARN'],
  FSHARE_INVITATION_NOT_FOUND: [4, 'no such (pending) invitation for this account'],

  // Records
  FSHARE_BAD_RECORD: [2, 'a record that is not one JSON object'],
  FSHARE_INVALID_RECORD: [2, 'a record that does not match the schema (each field named)'],
  FSHARE_BAD_RECORD_ID: [2, 'an empty record id, or one with NUL or lone surrogates'],
  FSHARE_RECORD_NOT_FOUND: [4, 'no record with that id'],
  FSHARE_BAD_EVENT_TIME: [2, '`--event-time` that is not valid for the event-time feature'],
  FSHARE_STALE_EVENT_TIME: [2, 'a delete whose event time is not newer than the stored record’s'],
  FSHARE_DELETE_REFUSED: [1, 'Feature Store refused a hard delete'],
  FSHARE_BAD_SCHEMA: [1, 'the feature group’s schema lacks its event-time feature'],
  FSHARE_UNKNOWN_FEATURE: [2, '`--features` names a feature the group does not have'],
  FSHARE_BAD_TARGET_STORES: [2, '`--target-stores` other than online, offline'],
  FSHARE_BAD_TTL: [2, '`--ttl` that is not a duration'],
  FSHARE_BAD_CONCURRENCY: [2, '`--concurrency` that is not a whole number in range'],
  FSHARE_BAD_MAX_ITEMS: [2, '`--max-items` that is not a whole number of at least 1'],
  FSHARE_BAD_STARTING_TOKEN: [2, '`--starting-token` that fshare did not print'],
  FSHARE_BAD_PROGRESS: [2, '`--progress` that is not a progress mode'],

  // Files: input, output, checkpoints
  FSHARE_NO_INPUT: [2, 'an input path that cannot be read or is a directory'],
  FSHARE_EMPTY_INPUT: [2, 'an input file with nothing in it'],
  FSHARE_INPUT_TOO_LARGE: [2, 'an input larger than fshare reads (a record, a line)'],
  FSHARE_BAD_ENCODING: [2, 'an input that is not valid UTF-8'],
  FSHARE_BAD_INPUT_FORMAT: [2, 'an input whose format cannot be told from its name'],
  FSHARE_BAD_CSV_HEADER: [2, 'a CSV header that does not name the schema’s features'],
  FSHARE_BAD_OUTPUT: [2, 'an output path (`--file`, `--rejects`) that is a directory or not writable'],
  FSHARE_BAD_OUTPUT_FORMAT: [2, 'an output file whose format cannot be told from its name'],
  FSHARE_WRITE_FAILED: [1, 'writing an output file failed (e.g. no space left on device)'],
  FSHARE_BAD_CHECKPOINT: [2, 'an import checkpoint that is unreadable or invalid'],
  FSHARE_IMPORT_LOCKED: [2, 'another import of the same file holds the checkpoint lock (its pid is named)'],
  FSHARE_CHECKPOINT_MISMATCH: [2, '`--resume` with a checkpoint from another input or target'],

  // Audit
  FSHARE_BAD_SOURCE: [2, '`--source` other than auto, events, athena, s3, lake'],
  FSHARE_BAD_TIME: [2, '`--since`/`--until` that is neither a duration nor an ISO-8601 time'],
  FSHARE_BAD_EVENT_NAME: [2, '`--event` that is not a CloudTrail event name'],
  FSHARE_BAD_EVENT_DATA_STORE: [2, '`--event-data-store` that is not an event data store ARN or ID'],
  FSHARE_BAD_LIMIT: [2, '`--limit` that is not a positive whole number'],
  FSHARE_BAD_SETUP_NAME: [2, '`audit setup` with an invalid trail, bucket or store name'],
  FSHARE_BAD_STORE_NAME: [2, '`audit setup --name` that is not an event data store name'],
  FSHARE_BAD_RETENTION: [2, '`--retention-days` outside 7–3653'],
  FSHARE_NO_EVENT_DATA_STORE: [4, '`--source lake` and no event data store to query'],
  FSHARE_LAKE_UNAVAILABLE: [1, 'CloudTrail Lake is not available to this account'],
  FSHARE_STORE_NOT_AUDITING: [1, 'the named event data store does not capture Feature Store record calls'],
  FSHARE_LAKE_NO_QUERY_ID: [1, 'CloudTrail Lake did not return a query ID'],
  FSHARE_LAKE_QUERY_FAILED: [1, 'a CloudTrail Lake query failed, was cancelled or timed out'],
  FSHARE_LAKE_QUERY_SLOW: [
    1,
    'a CloudTrail Lake query did not finish in time',
    'Narrow the window with --since/--until.',
  ],
  FSHARE_BAD_ATHENA_NAME: [2, '`--database`, `--table` or `--workgroup` that is not a valid Athena name'],
  FSHARE_NO_AUDIT_TABLE: [4, '`--source athena` and no Athena table over the trail’s logs'],
  FSHARE_NO_AUDIT_TRAIL: [4, '`--source s3` and no trail that logs Feature Store record calls'],
  FSHARE_TRAIL_SELECTORS_FULL: [1, 'adding fshare’s selector would exceed the trail’s selector quota'],
  FSHARE_ATHENA_NO_QUERY_ID: [1, 'Athena did not return a query execution ID'],
  FSHARE_ATHENA_QUERY_FAILED: [1, 'an Athena query failed or was cancelled'],
  FSHARE_ATHENA_QUERY_SLOW: [
    1,
    'an Athena query did not finish in time',
    'Narrow the window with --since/--until.',
  ],
  FSHARE_UNKNOWN_OPERATION: [2, '`can` with an operation fshare does not know'],
} as const satisfies Record<`FSHARE_${string}`, ErrorCodeEntry>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CODES, code);
}

/** The exit code the table gives `code`, or undefined for a code not (yet) in the table. */
export function exitCodeOf(code: string): ErrorCodeEntry[0] | undefined {
  return isErrorCode(code) ? ERROR_CODES[code][0] : undefined;
}

/** The table's generic hint for `code`, if it has one. */
export function defaultHintOf(code: string): string | undefined {
  return isErrorCode(code) ? (ERROR_CODES[code] as ErrorCodeEntry)[2] : undefined;
}
