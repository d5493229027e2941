/**
 * Shared parameter readers for sandbox handlers (moto's `_get_param` family): each reads one input
 * member, checks it against the constraint the service model declares, and throws the service's own
 * validation error in AWS's wording ("1 validation error detected: Value … at '…' failed to satisfy
 * constraint: …"). The error code comes from a dialect, so one reader serves SageMaker's
 * ValidationException, the runtime's ValidationError and RAM's/CloudTrail's InvalidParameterException.
 */
import { SandboxServiceError, type OperationInput } from '../types.js';

export interface ParamDialect {
  /** The service's error for a value that breaks a constraint. */
  invalid(message: string): SandboxServiceError;
  /** The service's error for a missing required member; defaults to `invalid`. */
  missing?(member: string, message: string): SandboxServiceError;
  /**
   * How members are named in messages. AWS's validation layer writes the wire name with a lower-case
   * first letter (`featureGroupName`), which is the default.
   */
  memberName?(member: string): string;
}

/** A dialect whose every error is `code` with HTTP 400. */
export function dialect(code: string, options: { missingCode?: string } = {}): ParamDialect {
  const { missingCode } = options;
  return {
    invalid: (message) => new SandboxServiceError(code, message, 400),
    ...(missingCode !== undefined
      ? {
          missing: (member: string) =>
            new SandboxServiceError(
              missingCode,
              `The request is missing the required parameter ${member}.`,
              400,
            ),
        }
      : {}),
  };
}

export function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface StringRule {
  /** Minimum length in characters (the model's `min`); an empty required string is "null". */
  min?: number;
  max?: number;
  pattern?: RegExp;
  /** The pattern as the model writes it, for the message; defaults to `pattern.source`. */
  patternText?: string;
}

export interface IntRule {
  min?: number;
  max?: number;
}

export interface ListRule {
  min?: number;
  max?: number;
}

const absent = (value: unknown): value is undefined | null => value === undefined || value === null;

/** Reads members of one input object (or one nested structure, named by `path`). */
export class Params {
  constructor(
    readonly input: OperationInput,
    readonly dialect: ParamDialect,
    /** Where the object sits in the request, for messages: e.g. `entries.member`. */
    readonly path = '',
  ) {}

  /** The reader of a nested structure, e.g. `params.nested(entry, 'entries.member')`. */
  nested(value: Record<string, unknown>, path: string): Params {
    return new Params(value, this.dialect, path);
  }

  /** The member's name as messages write it. */
  at(member: string): string {
    const name = (this.dialect.memberName ?? lowerFirst)(member);
    return this.path === '' ? name : `${this.path}.${name}`;
  }

  fail(message: string): SandboxServiceError {
    return this.dialect.invalid(message);
  }

  constraint(value: unknown, member: string, constraint: string): SandboxServiceError {
    const shown = typeof value === 'string' || typeof value === 'number' ? `'${String(value)}' ` : '';
    return this.fail(
      `1 validation error detected: Value ${shown}at '${this.at(member)}' failed to satisfy constraint: ${constraint}`,
    );
  }

  missing(member: string): SandboxServiceError {
    const message = `1 validation error detected: Value null at '${this.at(member)}' failed to satisfy constraint: Member must not be null`;
    return this.dialect.missing ? this.dialect.missing(member, message) : this.fail(message);
  }

  has(member: string): boolean {
    return !absent(this.input[member]);
  }

  requiredString(member: string, rule: StringRule = {}): string {
    const value = this.input[member];
    if (absent(value) || value === '') {
      throw this.missing(member);
    }
    return this.checkString(value, member, rule);
  }

  optionalString(member: string, rule: StringRule = {}): string | undefined {
    const value = this.input[member];
    return absent(value) ? undefined : this.checkString(value, member, rule);
  }

  private checkString(value: unknown, member: string, rule: StringRule): string {
    if (typeof value !== 'string') {
      throw this.constraint(value, member, 'Member must be a string');
    }
    if (rule.min !== undefined && value.length < rule.min) {
      throw this.constraint(value, member, `Member must have length greater than or equal to ${rule.min}`);
    }
    if (rule.max !== undefined && value.length > rule.max) {
      throw this.constraint(value, member, `Member must have length less than or equal to ${rule.max}`);
    }
    if (rule.pattern && !rule.pattern.test(value)) {
      throw this.constraint(
        value,
        member,
        `Member must satisfy regular expression pattern: ${rule.patternText ?? rule.pattern.source}`,
      );
    }
    return value;
  }

  optionalInt(member: string, rule: IntRule = {}): number | undefined {
    const value = this.input[member];
    if (absent(value)) {
      return undefined;
    }
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw this.constraint(value, member, 'Member must be an integer');
    }
    if (rule.min !== undefined && value < rule.min) {
      throw this.constraint(value, member, `Member must have value greater than or equal to ${rule.min}`);
    }
    if (rule.max !== undefined && value > rule.max) {
      throw this.constraint(value, member, `Member must have value less than or equal to ${rule.max}`);
    }
    return value;
  }

  int(member: string, rule: IntRule & { default: number }): number {
    return this.optionalInt(member, rule) ?? rule.default;
  }

  optionalBoolean(member: string): boolean | undefined {
    const value = this.input[member];
    if (absent(value)) {
      return undefined;
    }
    if (typeof value !== 'boolean') {
      throw this.constraint(value, member, 'Member must be a boolean');
    }
    return value;
  }

  optionalEnum<T extends string>(member: string, allowed: readonly T[]): T | undefined {
    const value = this.input[member];
    if (absent(value)) {
      return undefined;
    }
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      throw this.constraint(value, member, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
    }
    return value as T;
  }

  requiredEnum<T extends string>(member: string, allowed: readonly T[]): T {
    const value = this.optionalEnum(member, allowed);
    if (value === undefined) {
      throw this.missing(member);
    }
    return value;
  }

  optionalList(member: string, rule: ListRule = {}): unknown[] | undefined {
    const value = this.input[member];
    if (absent(value)) {
      return undefined;
    }
    if (!Array.isArray(value)) {
      throw this.constraint(undefined, member, 'Member must be a list');
    }
    if (rule.min !== undefined && value.length < rule.min) {
      throw this.constraint(
        undefined,
        member,
        `Member must have length greater than or equal to ${rule.min}`,
      );
    }
    if (rule.max !== undefined && value.length > rule.max) {
      throw this.constraint(undefined, member, `Member must have length less than or equal to ${rule.max}`);
    }
    return value;
  }

  requiredList(member: string, rule: ListRule = {}): unknown[] {
    const value = this.optionalList(member, rule);
    if (value === undefined) {
      throw this.missing(member);
    }
    return value;
  }

  /** A list of strings; an absent member is `[]`. */
  stringList(member: string, rule: ListRule & { item?: StringRule } = {}): string[] {
    const list = this.optionalList(member, rule) ?? [];
    return list.map((item, index) =>
      this.checkString(item, `${member}.${index + 1}.member`, rule.item ?? {}),
    );
  }

  /** A structure or a map member (a JSON object). */
  optionalObject(member: string): Record<string, unknown> | undefined {
    const value = this.input[member];
    if (absent(value)) {
      return undefined;
    }
    if (!isObject(value)) {
      throw this.constraint(undefined, member, 'Member must be a structure');
    }
    return value;
  }

  requiredObject(member: string): Record<string, unknown> {
    const value = this.optionalObject(member);
    if (value === undefined) {
      throw this.missing(member);
    }
    return value;
  }

  /** A string-to-string map (the model's `map` of strings). */
  optionalStringMap(member: string, rule: ListRule = {}): Record<string, string> | undefined {
    const value = this.optionalObject(member);
    if (value === undefined) {
      return undefined;
    }
    const entries = Object.entries(value);
    if (rule.max !== undefined && entries.length > rule.max) {
      throw this.constraint(undefined, member, `Member must have length less than or equal to ${rule.max}`);
    }
    for (const [key, item] of entries) {
      if (typeof item !== 'string') {
        throw this.constraint(undefined, `${member}.${key}`, 'Member must be a string');
      }
    }
    return value as Record<string, string>;
  }

  /** An ARN matching `pattern`; the match groups are returned for the caller to pick apart. */
  requiredArn(member: string, pattern: RegExp, patternText?: string): RegExpExecArray {
    const text = this.requiredString(member, { min: 1, max: 2048 });
    const match = pattern.exec(text);
    if (!match) {
      throw this.constraint(
        text,
        member,
        `Member must satisfy regular expression pattern: ${patternText ?? pattern.source}`,
      );
    }
    return match;
  }

  /**
   * A timestamp as epoch milliseconds. JSON protocols send epoch seconds; the CLI and hand-written
   * requests also send ISO-8601 text, which AWS accepts too.
   */
  optionalTime(member: string): number | undefined {
    const value = this.input[member];
    if (absent(value)) {
      return undefined;
    }
    if (value instanceof Date) {
      return value.getTime();
    }
    if (typeof value === 'number' && Number.isFinite(value)) {
      return value * 1000;
    }
    if (typeof value === 'string') {
      const asNumber = Number(value);
      const ms = Number.isFinite(asNumber) && value.trim() !== '' ? asNumber * 1000 : Date.parse(value);
      if (!Number.isNaN(ms)) {
        return ms;
      }
    }
    throw this.fail(`1 validation error detected: Value at '${this.at(member)}' is not a valid timestamp`);
  }
}

export function params(input: OperationInput, dialectOf: ParamDialect, path = ''): Params {
  return new Params(input, dialectOf, path);
}
