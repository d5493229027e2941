/** STS (awsQuery): GetCallerIdentity for the principal behind the access key. */
import type { ServiceDefinition } from '../types.js';

export const stsService: ServiceDefinition = {
  id: 'sts',
  signingName: 'sts',
  protocol: 'awsQuery',
  eventSource: 'sts.amazonaws.com',
  operations: {
    GetCallerIdentity: {
      readOnly: true,
      handler: (_input, ctx) => ({
        UserId: ctx.caller.userId,
        Account: ctx.caller.accountId,
        Arn: ctx.caller.arn,
      }),
    },
  },
};
