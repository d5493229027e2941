import type { Context } from '../context.js';
import { profileSetting } from './shared-config.js';

export interface WhoAmI {
  account: string;
  arn: string;
  userId: string;
  region: string;
  profile: string | null;
  mode: 'aws' | 'sandbox';
  /** The endpoint calls go to; null only for the in-process sandbox (no network). */
  endpoint: string | null;
  /** Where that endpoint came from: --endpoint-url, AWS_ENDPOINT_URL_STS, the profile, … */
  endpointSource: string;
}

export interface EndpointInUse {
  url: string | undefined;
  source: string;
}

/** The SDK's service id for the per-service variables, e.g. AWS_ENDPOINT_URL_STS. */
const SERVICE_ENV: Record<string, string> = {
  sts: 'STS',
  ram: 'RAM',
  sagemaker: 'SAGEMAKER',
  featureStore: 'SAGEMAKER_FEATURESTORE_RUNTIME',
  cloudTrail: 'CLOUDTRAIL',
  organizations: 'ORGANIZATIONS',
};

/**
 * The endpoint a service's calls actually go to, in the SDK's order: --endpoint-url (or the
 * sandbox), then AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the profile's endpoint_url, and
 * otherwise AWS's regional endpoint (named for sts, the one whoami calls).
 */
export async function resolveEndpoint(
  ctx: Context,
  service: keyof typeof SERVICE_ENV,
): Promise<EndpointInUse> {
  if (ctx.aws.mode === 'sandbox') {
    const url = await ctx.aws.endpoint();
    return { url, source: url ? '--endpoint-url (served sandbox)' : 'the in-process sandbox' };
  }
  if (ctx.globals.endpointUrl) {
    return { url: ctx.globals.endpointUrl, source: '--endpoint-url' };
  }
  const ignore = (ctx.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '').toLowerCase() === 'true';
  if (!ignore) {
    const specific = `AWS_ENDPOINT_URL_${SERVICE_ENV[service] ?? ''}`;
    if (ctx.env[specific]) {
      return { url: ctx.env[specific], source: specific };
    }
    if (ctx.env.AWS_ENDPOINT_URL) {
      return { url: ctx.env.AWS_ENDPOINT_URL, source: 'AWS_ENDPOINT_URL' };
    }
    const fromProfile = profileSetting(ctx.env, ctx.aws.profile, 'endpoint_url');
    if (fromProfile) {
      return { url: fromProfile, source: `endpoint_url in profile ${ctx.aws.profile ?? 'default'}` };
    }
  }
  const region = await ctx.aws.region();
  const url =
    service === 'sts'
      ? `https://sts.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`
      : undefined;
  return { url, source: 'the AWS default' };
}

/** STS GetCallerIdentity plus the region, profile and endpoint in effect. */
export async function whoami(ctx: Context): Promise<WhoAmI> {
  const id = await ctx.aws.identity();
  const endpoint = await resolveEndpoint(ctx, 'sts');
  return {
    account: id.account,
    arn: id.arn,
    userId: id.userId,
    region: await ctx.aws.region(),
    profile: ctx.aws.profile ?? null,
    mode: ctx.aws.mode,
    endpoint: endpoint.url ?? null,
    endpointSource: endpoint.source,
  };
}
