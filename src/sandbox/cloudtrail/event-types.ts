/**
 * The shape of one delivered CloudTrail record, shared by the code that builds records (record.ts)
 * and the trails that receive them (trails/). Kept apart so that neither side imports the other back.
 */
export type CloudTrailRecord = Record<string, unknown> & {
  eventID: string;
  eventTime: string;
  eventName: string;
  eventSource: string;
  eventCategory: string;
  recipientAccountId: string;
  readOnly: boolean;
};
