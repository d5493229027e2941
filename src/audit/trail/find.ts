/**
 * The account's trails as the audit sees them: where each delivers, and whether its selectors log
 * Feature Store record calls. Used by `audit setup`, `doctor`, `--source auto|athena|s3`.
 */
import type { CloudTrailPort, OrganizationsPort } from '../../aws/ports.js';
import { awsErrorCode } from '../../aws/errors.js';
import { DEFAULT_TRAIL_NAME, type LogLocation } from './layout.js';
import {
  featureGroupCoverage,
  logsManagementEvents,
  type AdvancedSelector,
  type BasicSelector,
  type Coverage,
} from './selectors.js';

export interface TrailInfo {
  name: string;
  arn: string;
  homeRegion: string;
  bucket: string;
  /** S3KeyPrefix without slashes at the ends; '' when none. */
  prefix: string;
  isOrganizationTrail: boolean;
  isMultiRegion: boolean;
  advanced: AdvancedSelector[];
  basic: BasicSelector[];
  /** Whether the selectors log Feature Store record calls; null when they could not be read. */
  coverage: Coverage | null;
  logsManagement: boolean;
}

function trimSlashes(text: string | undefined): string {
  return (text ?? '').replace(/^\/+|\/+$/g, '');
}

/** Every trail that applies in this region (its own, multi-region ones, and organization trails). */
export async function listTrails(port: CloudTrailPort, region: string): Promise<TrailInfo[]> {
  const { trailList = [] } = await port.describeTrails({ includeShadowTrails: true });
  const out: TrailInfo[] = [];
  for (const trail of trailList) {
    if (!trail.Name || !trail.TrailARN || !trail.S3BucketName) {
      continue;
    }
    const homeRegion = trail.HomeRegion ?? region;
    if (homeRegion !== region && trail.IsMultiRegionTrail !== true) {
      continue;
    }
    let advanced: AdvancedSelector[] = [];
    let basic: BasicSelector[] = [];
    let coverage: Coverage | null = null;
    try {
      const selectors = await port.getEventSelectors({ TrailName: trail.TrailARN });
      advanced = selectors.AdvancedEventSelectors ?? [];
      basic = selectors.EventSelectors ?? [];
      coverage = featureGroupCoverage(advanced);
    } catch (error) {
      // A member account may not read an organization trail's selectors; say "unknown", not "none".
      if (!awsErrorCode(error)) {
        throw error;
      }
    }
    out.push({
      name: trail.Name,
      arn: trail.TrailARN,
      homeRegion,
      bucket: trail.S3BucketName,
      prefix: trimSlashes(trail.S3KeyPrefix),
      isOrganizationTrail: trail.IsOrganizationTrail === true,
      isMultiRegion: trail.IsMultiRegionTrail === true,
      advanced,
      basic,
      coverage,
      logsManagement: logsManagementEvents(advanced, basic),
    });
  }
  return out;
}

/** The trail to read record calls from: fshare's own when it logs them all, else any that does. */
export function pickAuditTrail(
  trails: readonly TrailInfo[],
  preferred = DEFAULT_TRAIL_NAME,
): TrailInfo | undefined {
  const full = trails.filter((t) => t.coverage === 'all');
  return (
    full.find((t) => t.name === preferred) ??
    full[0] ??
    trails.find((t) => t.coverage === 'some' && t.name === preferred) ??
    trails.find((t) => t.coverage === 'some')
  );
}

/** Where a trail's files are; an organization trail's need the organization ID. */
export async function logLocationOf(
  trail: TrailInfo,
  organizations: () => Promise<OrganizationsPort>,
): Promise<LogLocation> {
  const location: LogLocation = { bucket: trail.bucket, prefix: trail.prefix };
  if (trail.isOrganizationTrail) {
    const { Organization } = await (await organizations()).describeOrganization({});
    if (Organization?.Id) {
      location.organizationId = Organization.Id;
    }
  }
  return location;
}
