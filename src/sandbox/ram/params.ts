/**
 * RAM's parameter readers: the sandbox's shared readers (wire/params.ts) in RAM's dialect, plus the
 * RAM-only shapes (resourceOwner, tags).
 */
import { SandboxServiceError, type OperationInput } from '../types.js';
import { dialect, params } from '../wire/params.js';

export function invalid(message: string): SandboxServiceError {
  return new SandboxServiceError('InvalidParameterException', message);
}

export function missing(member: string): SandboxServiceError {
  return new SandboxServiceError(
    'MissingRequiredParameterException',
    `The request is missing the required parameter ${member}.`,
  );
}

/** RAM's dialect of the shared readers: InvalidParameterException, MissingRequiredParameterException. */
const RAM_DIALECT = dialect('InvalidParameterException', {
  missingCode: 'MissingRequiredParameterException',
});

export function requiredString(input: OperationInput, member: string): string {
  return params(input, RAM_DIALECT).requiredString(member);
}

export function optionalString(input: OperationInput, member: string): string | undefined {
  return params(input, RAM_DIALECT).optionalString(member);
}

export function optionalInteger(input: OperationInput, member: string): number | undefined {
  return params(input, RAM_DIALECT).optionalInt(member);
}

/** A list of strings, de-duplicated in order (RAM treats a repeated ARN as one). */
export function stringList(input: OperationInput, member: string): string[] {
  return [...new Set(params(input, RAM_DIALECT).stringList(member))];
}

export function optionalBoolean(input: OperationInput, member: string): boolean | undefined {
  return params(input, RAM_DIALECT).optionalBoolean(member);
}

export function resourceOwner(input: OperationInput): 'SELF' | 'OTHER-ACCOUNTS' {
  const owner = requiredString(input, 'resourceOwner');
  if (owner !== 'SELF' && owner !== 'OTHER-ACCOUNTS') {
    throw invalid(`The value ${owner} for resourceOwner is not valid. It must be SELF or OTHER-ACCOUNTS.`);
  }
  return owner;
}

export interface Tag {
  key: string;
  value: string;
}

export function tagList(input: OperationInput, member: string): Tag[] {
  const value = input[member];
  if (value === undefined || value === null) {
    return [];
  }
  if (!Array.isArray(value)) {
    throw invalid(`The parameter ${member} must be a list of tags.`);
  }
  return value.map((t: unknown) => {
    const tag = t as { key?: unknown; value?: unknown };
    if (typeof tag.key !== 'string' || tag.key === '') {
      throw invalid('Each tag needs a key.');
    }
    return { key: tag.key, value: typeof tag.value === 'string' ? tag.value : '' };
  });
}
