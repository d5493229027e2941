/**
 * Every top-level command with its group and one-line summary, defined once, here: `fshare --help`
 * lists them without importing any command module, and each command's --help takes its summary
 * from this entry. The launcher hands this registry to the program (bin → commands → src).
 */
import type { RegisteredCommand } from '../src/cli/command-registry.js';

export type { RegisteredCommand };

export const COMMANDS: readonly RegisteredCommand[] = [
  {
    name: 'grant',
    group: 'owner',
    summary: 'Give principals access to feature groups, or catalog discoverability',
    load: () => import('./grant.js'),
  },
  {
    name: 'revoke',
    group: 'owner',
    summary: 'Take access or discoverability away',
    load: () => import('./revoke.js'),
  },
  {
    name: 'shares',
    group: 'owner',
    summary: 'List the resource shares you own, or those shared with you',
    load: () => import('./shares.js'),
  },
  {
    name: 'access',
    group: 'owner',
    summary: 'Effective access matrix across all shares, with warnings',
    load: () => import('./access.js'),
  },
  {
    name: 'plan',
    group: 'owner',
    summary: 'Show what a policy file would change',
    load: () => import('./plan.js'),
  },
  {
    name: 'apply',
    group: 'owner',
    summary: 'Converge sharing to a policy file',
    load: () => import('./apply.js'),
  },
  {
    name: 'reap',
    group: 'owner',
    summary: 'Revoke grants whose --expires has passed',
    load: () => import('./reap.js'),
  },
  {
    name: 'invitations',
    group: 'consumer',
    summary: 'List resource share invitations sent to you',
    load: () => import('./invitations.js'),
  },
  {
    name: 'accept',
    group: 'consumer',
    summary: 'Accept resource share invitations',
    load: () => import('./accept.js'),
  },
  {
    name: 'reject',
    group: 'consumer',
    summary: 'Reject resource share invitations',
    load: () => import('./reject.js'),
  },
  {
    name: 'discover',
    group: 'consumer',
    summary: 'Feature groups you can see or use from other accounts',
    load: () => import('./discover.js'),
  },
  {
    name: 'describe',
    group: 'consumer',
    summary: "A feature group's schema, stores, owner and your level",
    load: () => import('./describe.js'),
  },
  {
    name: 'can',
    group: 'consumer',
    summary: 'Pre-flight: may you run an operation on a feature group?',
    load: () => import('./can.js'),
  },
  {
    name: 'get-record',
    group: 'consumer',
    summary: 'Read one record, typed by the schema',
    load: () => import('./get-record.js'),
  },
  {
    name: 'put-record',
    group: 'consumer',
    summary: 'Write one record, validated against the schema',
    load: () => import('./put-record.js'),
  },
  {
    name: 'delete-record',
    group: 'consumer',
    summary: 'Delete one record (soft or hard)',
    load: () => import('./delete-record.js'),
  },
  {
    name: 'batch-get',
    group: 'consumer',
    summary: 'Read many records by id, streamed',
    load: () => import('./batch-get.js'),
  },
  {
    name: 'import',
    group: 'consumer',
    summary: 'Bulk-load a CSV or JSONL file: streaming, resumable',
    load: () => import('./import.js'),
  },
  {
    name: 'export',
    group: 'consumer',
    summary: 'Stream every record of a feature group to JSONL or CSV',
    load: () => import('./export.js'),
  },
  {
    name: 'audit',
    group: 'auditor',
    summary: 'Who read, wrote or changed which feature group (CloudTrail)',
    load: () => import('./audit.js'),
  },
  {
    name: 'sandbox',
    group: 'setup',
    summary: 'The local multi-account AWS: init, serve, env, status, reset',
    load: () => import('./sandbox.js'),
  },
  {
    name: 'whoami',
    group: 'setup',
    summary: 'The AWS identity, account and region fshare will use',
    load: () => import('./whoami.js'),
  },
  {
    name: 'doctor',
    group: 'setup',
    summary: 'Check credentials, region, sharing and audit set-up',
    load: () => import('./doctor.js'),
  },
  {
    name: 'demo',
    group: 'setup',
    summary: 'The whole story on a fresh sandbox, narrated',
    load: () => import('./demo.js'),
  },
  {
    name: 'completion',
    group: 'setup',
    summary: 'Print a shell completion script (bash, zsh, fish)',
    load: () => import('./completion.js'),
  },
];
