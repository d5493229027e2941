/**
 * Every top-level command with its one-line summary. A command's module is imported only when
 * that command runs (or its --help is asked for), which keeps start-up light.
 */
export type CommandGroup = 'owner' | 'consumer' | 'auditor' | 'setup';

export interface RegisteredCommand {
  name: string;
  summary: string;
  group: CommandGroup;
  /** Resolves to a module whose default export is a CommandSpec or an array of them. */
  load: () => Promise<{ default: unknown }>;
}

export const COMMANDS: RegisteredCommand[] = [
  {
    name: 'grant',
    group: 'owner',
    summary: 'Give principals access to feature groups, or catalog discoverability',
    load: () => import('../../commands/grant.js'),
  },
  {
    name: 'revoke',
    group: 'owner',
    summary: 'Take access or discoverability away',
    load: () => import('../../commands/revoke.js'),
  },
  {
    name: 'shares',
    group: 'owner',
    summary: 'List the resource shares you own, or those shared with you',
    load: () => import('../../commands/shares.js'),
  },
  {
    name: 'access',
    group: 'owner',
    summary: 'Effective access matrix across all shares, with warnings',
    load: () => import('../../commands/access.js'),
  },
  {
    name: 'plan',
    group: 'owner',
    summary: 'Show what a policy file would change',
    load: () => import('../../commands/plan.js'),
  },
  {
    name: 'apply',
    group: 'owner',
    summary: 'Converge sharing to a policy file',
    load: () => import('../../commands/apply.js'),
  },
  {
    name: 'reap',
    group: 'owner',
    summary: 'Revoke grants whose --expires has passed',
    load: () => import('../../commands/reap.js'),
  },
  {
    name: 'invitations',
    group: 'consumer',
    summary: 'List resource share invitations sent to you',
    load: () => import('../../commands/invitations.js'),
  },
  {
    name: 'accept',
    group: 'consumer',
    summary: 'Accept resource share invitations',
    load: () => import('../../commands/accept.js'),
  },
  {
    name: 'reject',
    group: 'consumer',
    summary: 'Reject resource share invitations',
    load: () => import('../../commands/reject.js'),
  },
  {
    name: 'discover',
    group: 'consumer',
    summary: 'Feature groups you can see or use from other accounts',
    load: () => import('../../commands/discover.js'),
  },
  {
    name: 'describe',
    group: 'consumer',
    summary: "A feature group's schema, stores, owner and your level",
    load: () => import('../../commands/describe.js'),
  },
  {
    name: 'can',
    group: 'consumer',
    summary: 'Pre-flight: may you run an operation on a feature group?',
    load: () => import('../../commands/can.js'),
  },
  {
    name: 'get-record',
    group: 'consumer',
    summary: 'Read one record, typed by the schema',
    load: () => import('../../commands/get-record.js'),
  },
  {
    name: 'put-record',
    group: 'consumer',
    summary: 'Write one record, validated against the schema',
    load: () => import('../../commands/put-record.js'),
  },
  {
    name: 'delete-record',
    group: 'consumer',
    summary: 'Delete one record (soft or hard)',
    load: () => import('../../commands/delete-record.js'),
  },
  {
    name: 'batch-get',
    group: 'consumer',
    summary: 'Read many records by id, streamed',
    load: () => import('../../commands/batch-get.js'),
  },
  {
    name: 'import',
    group: 'consumer',
    summary: 'Bulk-load a CSV or JSONL file: streaming, resumable',
    load: () => import('../../commands/import.js'),
  },
  {
    name: 'export',
    group: 'consumer',
    summary: 'Stream every record of a feature group to JSONL or CSV',
    load: () => import('../../commands/export.js'),
  },
  {
    name: 'audit',
    group: 'auditor',
    summary: 'Who read, wrote or changed which feature group (CloudTrail)',
    load: () => import('../../commands/audit.js'),
  },
  {
    name: 'sandbox',
    group: 'setup',
    summary: 'The local multi-account AWS: init, serve, env, status, reset',
    load: () => import('../../commands/sandbox.js'),
  },
  {
    name: 'whoami',
    group: 'setup',
    summary: 'The AWS identity, account and region fshare will use',
    load: () => import('../../commands/whoami.js'),
  },
  {
    name: 'doctor',
    group: 'setup',
    summary: 'Check credentials, region, sharing and audit set-up',
    load: () => import('../../commands/doctor.js'),
  },
  {
    name: 'demo',
    group: 'setup',
    summary: 'The whole story on a fresh sandbox, narrated',
    load: () => import('../../commands/demo.js'),
  },
  {
    name: 'completion',
    group: 'setup',
    summary: 'Print a shell completion script (bash, zsh, fish)',
    load: () => import('../../commands/completion.js'),
  },
];

export const GROUP_TITLES: Record<CommandGroup, string> = {
  owner: 'Owner (share your feature groups)',
  consumer: 'Consumer (use what is shared with you)',
  auditor: 'Auditor',
  setup: 'Set-up and sandbox',
};
