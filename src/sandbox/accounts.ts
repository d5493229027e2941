/**
 * Which sandbox profile acts as a principal: for next-step commands that name the profile to run
 * them as (`fshare --sandbox --profile consumer accept …`). Pure constants over the fixed world in
 * core/principals.ts; fshare imports this lazily, only in sandbox mode.
 */
import { SANDBOX_PROFILES } from './core/principals.js';

/** The profile of a principal (account ID or IAM role ARN) in the sandbox's world, if there is one. */
export function sandboxProfileFor(principal: string): string | undefined {
  const role = /^arn:[^:]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(principal);
  if (role) {
    const exact = SANDBOX_PROFILES.find((p) => p.accountId === role[1] && p.roleName === role[2]);
    if (exact) {
      return exact.profile;
    }
  }
  const account = role?.[1] ?? (/^\d{12}$/.test(principal) ? principal : undefined);
  return SANDBOX_PROFILES.find((p) => p.accountId === account)?.profile;
}
