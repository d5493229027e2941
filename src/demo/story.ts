/**
 * The demo's script: the whole fshare story, step by step, as the commands a person would type.
 * Pure data, so the story can be tested and documented without running it.
 */

export type DemoActor = 'owner' | 'consumer' | 'auditor' | 'partner';

export interface DemoStep {
  actor: DemoActor;
  /** One sentence for a person: what happens and why. */
  say: string;
  /** fshare arguments after the global options. */
  args: string[];
  /** The exit code the step must end with; anything else fails the demo. */
  expectExit: number;
}

export const OWNER_ACCOUNT = '111111111111';
export const CONSUMER_ACCOUNT = '222222222222';

export function demoStory(): DemoStep[] {
  const newRecord = JSON.stringify({
    customer_id: 'C9001',
    event_time: 1767225600,
    age: 41,
    lifetime_value: 1234.5,
    segment: 'demo',
    preferred_categories: ['books', 'garden'],
  });
  return [
    {
      actor: 'auditor',
      say: 'The auditor makes sure record calls (CloudTrail data events) are logged from the start. CloudTrail Lake is closed to new customers, so fshare builds a trail to S3 with an Athena table over its files.',
      args: ['audit', 'setup'],
      expectExit: 0,
    },
    {
      actor: 'owner',
      say: 'The owner account (111111111111) shares `customers` read-only with the consumer account, and makes its catalog discoverable.',
      args: ['grant', 'customers', '--to', CONSUMER_ACCOUNT, '--level', 'read-only', '--discoverable'],
      expectExit: 0,
    },
    {
      actor: 'consumer',
      say: 'The consumer (a data scientist in 222222222222) sees the invitation RAM sent…',
      args: ['invitations'],
      expectExit: 0,
    },
    {
      actor: 'consumer',
      say: '…accepts everything the owner sent, and fshare checks that access works.',
      args: ['accept', '--from', OWNER_ACCOUNT],
      expectExit: 0,
    },
    {
      actor: 'consumer',
      say: 'Shared feature groups, with the consumer’s level on each.',
      args: ['discover'],
      expectExit: 0,
    },
    {
      actor: 'consumer',
      say: 'A record, by bare name: fshare finds the owner’s ARN and region, and types the values by the schema.',
      args: ['get-record', 'customers', 'C0001'],
      expectExit: 0,
    },
    {
      actor: 'consumer',
      say: 'A write is refused: read-only does not allow PutRecord (exit 3, with the command that would fix it).',
      args: ['put-record', 'customers', '--record', newRecord],
      expectExit: 3,
    },
    {
      actor: 'partner',
      say: 'An account outside the organization, with no share, cannot read at all.',
      args: ['get-record', `${OWNER_ACCOUNT}/customers`, 'C0001'],
      expectExit: 3,
    },
    {
      actor: 'owner',
      say: 'The owner moves the consumer to read-write: the new level is associated first, the old one is kept until the new one is live, so access never drops.',
      args: ['grant', 'customers', '--to', CONSUMER_ACCOUNT, '--level', 'read-write'],
      expectExit: 0,
    },
    {
      actor: 'consumer',
      say: 'Outside RAM organization sharing the new level arrives as a new invitation; the consumer accepts it.',
      args: ['accept', '--from', OWNER_ACCOUNT],
      expectExit: 0,
    },
    {
      actor: 'owner',
      say: 'Running the same grant again finishes the move: the read-only association is dropped, so no union stays behind.',
      args: ['grant', 'customers', '--to', CONSUMER_ACCOUNT, '--level', 'read-write'],
      expectExit: 0,
    },
    {
      actor: 'consumer',
      say: 'Now the write goes through…',
      args: ['put-record', 'customers', '--record', newRecord],
      expectExit: 0,
    },
    {
      actor: 'consumer',
      say: '…and reads back.',
      args: ['get-record', 'customers', 'C9001'],
      expectExit: 0,
    },
    {
      actor: 'owner',
      say: 'Who can do what, across every share.',
      args: ['access'],
      expectExit: 0,
    },
    {
      actor: 'owner',
      say: 'CloudTrail delivers a trail’s log files about 5 minutes after the calls: the sandbox’s clock moves on 10 minutes.',
      args: ['sandbox', 'clock', '--advance', '10m'],
      expectExit: 0,
    },
    {
      actor: 'auditor',
      say: 'The auditor sees who read and wrote which feature group, allowed and denied, with Athena over the trail’s logs (the data scanned and its cost go to stderr).',
      args: ['audit', '--source', 'athena', '--since', '1h', '--summary'],
      expectExit: 0,
    },
    {
      actor: 'auditor',
      say: 'The same log files read directly on this machine, no Athena: every record call, newest first.',
      args: ['audit', '--source', 's3', '--since', '1h', '--event', 'GetRecord', 'PutRecord'],
      expectExit: 0,
    },
  ];
}
