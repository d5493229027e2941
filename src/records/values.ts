/** The record shapes the codec and the decoder share (their own module, so neither imports the other). */

/** Feature Store's FeatureValue, declared here so records/ does not depend on the SDK. */
export interface FeatureValue {
  FeatureName: string | undefined;
  ValueAsString?: string | undefined;
  ValueAsStringList?: string[] | undefined;
}

export type TypedScalar = string | number;
export type TypedValue = TypedScalar | TypedScalar[] | null;
export type TypedRecord = Record<string, TypedValue>;
