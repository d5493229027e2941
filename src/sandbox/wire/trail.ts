/**
 * The CloudTrail facts of a call that follow from its operation alone (category, read-only), taken
 * from the service's operation table so no handler sets them by hand.
 */
import type { OperationDefinition, TrailInfo } from '../types.js';

const READ_ONLY_PREFIXES = ['Get', 'List', 'Describe', 'Search', 'Lookup', 'BatchGet'];

export function isReadOnly(operation: string, definition: OperationDefinition): boolean {
  return definition.readOnly ?? READ_ONLY_PREFIXES.some((prefix) => operation.startsWith(prefix));
}

/** The trail a handler starts from; the handler adds resources, owner and parameters. */
export function initialTrail(operation: string, definition: OperationDefinition): TrailInfo {
  return {
    eventCategory: definition.category ?? 'Management',
    readOnly: isReadOnly(operation, definition),
    resources: [],
  };
}
