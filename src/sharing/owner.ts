/**
 * The owner verbs, one file each (grant, revoke, apply, reap, access) over the pure planner and
 * the executor. This module only re-exports them for callers that import the old path.
 */
export { effectiveAccess } from './access.js';
export { planPolicy } from './apply.js';
export { carryOut, type ApplyResult, type NextStep, type RunOptions } from './carry-out.js';
export { grant, type GrantInput } from './grant.js';
export { readOrganization } from './org-reader.js';
export { readOwnerState, type OwnerState } from './owner-state.js';
export { reap } from './reap.js';
export { revoke, type RevokeInput } from './revoke.js';
