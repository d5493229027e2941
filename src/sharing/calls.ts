/** The RAM call each plan action makes: what --dry-run prints and what the executor sends. */
import type { PlanAction, ShareRef } from './plan-types.js';

/** One AWS call, as --dry-run prints it and as the executor makes it. */
export interface PlannedCall {
  service: 'ram';
  operation: string;
  parameters: Record<string, unknown>;
}

const placeholder = (share: ShareRef): string => share.arn ?? `<arn of new share ${share.name}>`;
const tagList = (tags: Record<string, string>) =>
  Object.entries(tags).map(([key, value]) => ({ key, value }));
/** Empty lists are left out: RAM's models treat an absent list and an empty one alike, logs read better. */
const lists = (principals: readonly string[], resourceArns: readonly string[]) => ({
  ...(principals.length > 0 ? { principals: [...principals] } : {}),
  ...(resourceArns.length > 0 ? { resourceArns: [...resourceArns] } : {}),
});

/** The call an action makes; new shares' ARNs come from `created` (or a placeholder in a dry run). */
export function callFor(action: PlanAction, created: ReadonlyMap<string, string> = new Map()): PlannedCall {
  const arnOf = (share: ShareRef) => share.arn ?? created.get(share.key) ?? placeholder(share);
  switch (action.type) {
    case 'create-share':
      return {
        service: 'ram',
        operation: 'CreateResourceShare',
        parameters: {
          name: action.share.name,
          ...lists(action.principals, action.resourceArns),
          permissionArns: [action.permissionArn],
          allowExternalPrincipals: action.allowExternalPrincipals,
          tags: tagList(action.tags),
          clientToken: action.clientToken,
        },
      };
    case 'allow-external':
      return {
        service: 'ram',
        operation: 'UpdateResourceShare',
        parameters: {
          resourceShareArn: arnOf(action.share),
          allowExternalPrincipals: true,
          clientToken: action.clientToken,
        },
      };
    case 'associate':
    case 'disassociate':
      return {
        service: 'ram',
        operation: action.type === 'associate' ? 'AssociateResourceShare' : 'DisassociateResourceShare',
        parameters: {
          resourceShareArn: arnOf(action.share),
          ...lists(action.principals, action.resourceArns),
          clientToken: action.clientToken,
        },
      };
    case 'tag':
      return {
        service: 'ram',
        operation: 'TagResource',
        parameters: { resourceShareArn: arnOf(action.share), tags: tagList(action.tags) },
      };
    case 'untag':
      return {
        service: 'ram',
        operation: 'UntagResource',
        parameters: { resourceShareArn: arnOf(action.share), tagKeys: action.keys },
      };
  }
}
