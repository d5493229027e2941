import type { Context } from '../context.js';

export interface WhoAmI {
  account: string;
  arn: string;
  userId: string;
  region: string;
  profile: string | null;
  mode: 'aws' | 'sandbox';
  endpoint: string | null;
}

/** STS GetCallerIdentity plus the region, profile and endpoint in effect. */
export async function whoami(ctx: Context): Promise<WhoAmI> {
  const id = await ctx.aws.identity();
  return {
    account: id.account,
    arn: id.arn,
    userId: id.userId,
    region: await ctx.aws.region(),
    profile: ctx.aws.profile ?? null,
    mode: ctx.aws.mode,
    endpoint: (await ctx.aws.endpoint()) ?? null,
  };
}
