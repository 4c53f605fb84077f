/**
 * The shapes the aws-cdk-lib custom-resources Provider framework exchanges with
 * its user handlers (onEvent and isComplete).
 *
 * @see https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.custom_resources-readme.html#provider-framework
 */

export type RequestType = 'Create' | 'Update' | 'Delete';

/** Resource properties as CloudFormation passes them: every scalar is a string. */
export type ResourceProperties = { readonly ServiceToken: string } & Readonly<Record<string, unknown>>;

/** What onEvent receives: the CloudFormation custom resource request. */
export interface OnEventRequest {
  readonly RequestType: RequestType;
  readonly ServiceToken: string;
  /** A pre-signed S3 URL: a credential. Never log it. */
  readonly ResponseURL: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly ResourceType: string;
  readonly LogicalResourceId: string;
  /** Absent on Create. */
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: ResourceProperties;
  /** Present on Update only. */
  readonly OldResourceProperties?: ResourceProperties;
}

/** What onEvent returns. */
export interface OnEventResponse {
  /** Required on Create; on Update, a new value makes CloudFormation delete the old resource afterwards. */
  readonly PhysicalResourceId?: string;
  readonly Data?: Readonly<Record<string, unknown>>;
  readonly NoEcho?: boolean;
}

/** What isComplete receives: the request merged with what onEvent returned. */
export interface IsCompleteRequest extends OnEventRequest {
  readonly PhysicalResourceId: string;
  readonly Data?: Readonly<Record<string, unknown>>;
}

/**
 * What isComplete returns. When complete, the framework answers
 * CloudFormation with `{ ...request, ...isCompleteResponse }` (aws-cdk-lib
 * custom-resources/lib/provider-framework/runtime/framework.js), `Data`
 * merged over the onEvent `Data`: a `PhysicalResourceId` here replaces the
 * one onEvent returned.
 */
export interface IsCompleteResponse {
  readonly IsComplete: boolean;
  readonly Data?: Readonly<Record<string, unknown>>;
  /** Only when complete, and only when onEvent could not know the id yet. */
  readonly PhysicalResourceId?: string;
}

/** One custom resource type's handler, as the provider's router calls it. */
export interface ResourceHandler {
  onEvent(event: OnEventRequest): Promise<OnEventResponse>;
  isComplete(event: IsCompleteRequest): Promise<IsCompleteResponse>;
}
