/**
 * The two SageMaker services' validation dialects: the control plane answers `ValidationException`,
 * the Feature Store runtime `ValidationError` (each service model's own code).
 */
import type { SandboxServiceError } from '../types.js';
import { type OperationInput } from '../types.js';
import { Params, dialect, type ParamDialect } from '../wire/params.js';

export const CONTROL_PLANE: ParamDialect = dialect('ValidationException');
export const RUNTIME: ParamDialect = dialect('ValidationError');

export function controlPlaneInvalid(message: string): SandboxServiceError {
  return CONTROL_PLANE.invalid(message);
}

export function runtimeInvalid(message: string): SandboxServiceError {
  return RUNTIME.invalid(message);
}

export function controlParams(input: OperationInput): Params {
  return new Params(input, CONTROL_PLANE);
}

export function runtimeParams(input: OperationInput): Params {
  return new Params(input, RUNTIME);
}
