/** STS (awsQuery): GetCallerIdentity for the principal behind the access key. */
import type { ServiceDefinition } from '../types.js';

export const stsService: ServiceDefinition = {
  id: 'sts',
  signingName: 'sts',
  protocol: 'awsQuery',
  eventSource: 'sts.amazonaws.com',
  operations: {
    GetCallerIdentity: {
      handler: (_input, ctx) => {
        ctx.trail.readOnly = true;
        return { UserId: ctx.caller.userId, Account: ctx.caller.accountId, Arn: ctx.caller.arn };
      },
    },
  },
};
