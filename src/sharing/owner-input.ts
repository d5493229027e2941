/** Validation shared by grant and revoke: everything wrong with the flags is refused before any call. */
import { UsageError } from '../errors.js';
import { parseFeatureGroupRef } from '../permissions/arns.js';
import type { AccessLevel } from '../permissions/levels.js';
import { parsePrincipals, type Principal } from '../permissions/principals.js';
import { MAX_ITEMS_PER_CALL } from './plan-builder.js';

const LEVEL_HINT = 'Use --level read-only, --level read-write or --level admin.';

export function validateLevel(text: string | undefined): AccessLevel {
  if (text === undefined) {
    throw new UsageError('--level is required when granting access to feature groups.', {
      code: 'FSHARE_NO_LEVEL',
      hint: `${LEVEL_HINT} For discoverability only, use --catalog.`,
    });
  }
  if (text === 'read-only' || text === 'read-write' || text === 'admin') {
    return text;
  }
  throw new UsageError(`--level "${text}" is not a level.`, { code: 'FSHARE_BAD_LEVEL', hint: LEVEL_HINT });
}

export function validateTargets(featureGroups: readonly string[], catalog: boolean, verb: string): void {
  if (catalog && featureGroups.length > 0) {
    throw new UsageError(
      `--catalog ${verb}s discoverability of the whole account; do not name feature groups with it.`,
      {
        code: 'FSHARE_CATALOG_WITH_GROUPS',
        hint: `Run \`fshare ${verb} --catalog …\` and \`fshare ${verb} <feature-group> …\` separately.`,
      },
    );
  }
  if (!catalog && featureGroups.length === 0) {
    throw new UsageError(`Name at least one feature group to ${verb}, or pass --catalog.`, {
      code: 'FSHARE_NO_FEATURE_GROUP',
      hint: `For example: fshare ${verb} customers ${verb === 'grant' ? '--to 222222222222 --level read-only' : '--from 222222222222'}`,
    });
  }
  featureGroups.forEach((g) => parseFeatureGroupRef(g));
}

/**
 * The principals of --to/--from. More than RAM takes in one call (100) is refused: fshare would
 * otherwise send part of them and leave the rest, and a policy file is the tool for that many.
 */
export function validatePrincipals(texts: readonly string[], flag: string): Principal[] {
  if (texts.length === 0) {
    throw new UsageError(`${flag} needs at least one principal.`, {
      code: 'FSHARE_NO_PRINCIPAL',
      hint: `For example ${flag} 222222222222 (an account, an OU, the organization, or an IAM role ARN).`,
    });
  }
  const principals = parsePrincipals(texts);
  const unique = principals.filter((p, i) => principals.findIndex((q) => q.id === p.id) === i);
  if (unique.length > MAX_ITEMS_PER_CALL) {
    throw new UsageError(
      `${flag} names ${unique.length} principals; at most ${MAX_ITEMS_PER_CALL} at a time.`,
      {
        code: 'FSHARE_TOO_MANY_PRINCIPALS',
        hint: 'Split them over several commands, or list them in a policy file and run `fshare apply -f`.',
      },
    );
  }
  return unique;
}

/** Sharing with your own account is refused by RAM: refuse it first, with the reason. */
export function refuseOwnAccount(principals: readonly Principal[], account: string): void {
  const own = principals.find((p) => p.kind === 'account' && p.account === account);
  if (own) {
    throw new UsageError(`${account} is your own account: there is nothing to share with it.`, {
      code: 'FSHARE_SHARE_WITH_SELF',
      hint: 'Name the consumer’s account, or an IAM role ARN in it.',
    });
  }
}
