import { IResource, Resource, Stack, Token } from 'aws-cdk-lib';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { CfnUserAccessLoggingSettings } from 'aws-cdk-lib/aws-workspacesweb';
import { aws_workspacesweb as webRefs } from 'aws-cdk-lib/interfaces';
import { Construct, IConstruct } from 'constructs';
import { validateSecureBrowserArn } from './web-arn';
import { validationError } from '../private/errors';

/** User access logging settings of WorkSpaces Secure Browser: created by `UserAccessLoggingSettings` or imported. */
export interface IUserAccessLoggingSettings extends IResource, webRefs.IUserAccessLoggingSettingsRef {
  /**
   * The ARN: `arn:<partition>:workspaces-web:<region>:<account>:userAccessLoggingSettings/<id>`.
   *
   * @attribute
   */
  readonly userAccessLoggingSettingsArn: string;
}

/** Properties of `UserAccessLoggingSettings`. */
export interface UserAccessLoggingSettingsProps {
  /**
   * The Kinesis data stream that receives the portal's user access events
   * (session start, URL navigation, session end).
   *
   * The service writes with its service-linked role
   * (`AWSServiceRoleForAmazonWorkSpacesWeb`), which may put records only on
   * streams whose name starts with `amazon-workspaces-web-`: give the stream
   * such a `streamName`. The stream must be unencrypted or encrypted with the
   * AWS managed key `alias/aws/kinesis` (`StreamEncryption.MANAGED`, the
   * default of `kinesis.Stream`), not with a customer managed key.
   */
  readonly stream: kinesis.IStream;
}


/** `KinesisStreamArn` of AWS::WorkSpacesWeb::UserAccessLoggingSettings: 20-2048 characters. */
const KINESIS_STREAM_ARN = /^arn:[\w+=/,.@-]+:kinesis:[a-zA-Z0-9-]*:[a-zA-Z0-9]{1,12}:stream\/.+$/;

/**
 * WorkSpaces Secure Browser user access logging settings
 * (`AWS::WorkSpacesWeb::UserAccessLoggingSettings`): where a portal streams
 * its users' session start, URL navigation and session end events.
 *
 * @see https://docs.aws.amazon.com/workspaces-web/latest/adminguide/user-logging.html
 */
export class UserAccessLoggingSettings extends Resource implements IUserAccessLoggingSettings {
  /**
   * The prefix every stream name must have: the service-linked role's policy
   * (AmazonWorkSpacesWebServiceRolePolicy) allows kinesis:PutRecord,
   * kinesis:PutRecords and kinesis:DescribeStreamSummary only on
   * `arn:aws:kinesis:*:*:stream/amazon-workspaces-web-*`.
   *
   * Sources:
   * https://docs.aws.amazon.com/workspaces-web/latest/adminguide/user-logging.html ("you must have an
   * Amazon Kinesis Data Stream that starts with amazon-workspaces-web-*"),
   * https://docs.aws.amazon.com/workspaces-web/latest/adminguide/slr-permissions.html and
   * https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonWorkSpacesWebServiceRolePolicy.html.
   * Because that role holds the permission, the stream needs no resource policy.
   */
  public static readonly STREAM_NAME_PREFIX = 'amazon-workspaces-web-';

  /**
   * Refers to existing user access logging settings by their ARN.
   *
   * @param scope the construct the reference is defined in
   * @param id its id, unique within scope
   * @param userAccessLoggingSettingsArn the ARN of the user access logging settings
   */
  public static fromUserAccessLoggingSettingsArn(scope: Construct, id: string, userAccessLoggingSettingsArn: string): IUserAccessLoggingSettings {
    validateSecureBrowserArn(scope, id, 'userAccessLoggingSettingsArn', 'user access logging settings', 'userAccessLoggingSettings', userAccessLoggingSettingsArn);
    class Import extends Resource implements IUserAccessLoggingSettings {
      public readonly userAccessLoggingSettingsArn = userAccessLoggingSettingsArn;
      public get userAccessLoggingSettingsRef(): webRefs.UserAccessLoggingSettingsReference {
        return { userAccessLoggingSettingsArn: this.userAccessLoggingSettingsArn };
      }
    }
    return new Import(scope, id, { environmentFromArn: userAccessLoggingSettingsArn });
  }

  /** The ARN. @attribute */
  public readonly userAccessLoggingSettingsArn: string;
  /** The stream that receives the events. */
  public readonly stream: kinesis.IStream;

  /**
   * @param scope the construct this one is defined in
   * @param id its id, unique within scope
   * @param props the Kinesis stream that receives the sign-in and sign-out events
   */
  constructor(scope: Construct, id: string, props: UserAccessLoggingSettingsProps) {
    super(scope, id);

    // Validate everything before creating anything.
    validateStreamName(this, props.stream);
    validateStreamEncryption(this, props.stream);
    validateStreamArn(this, props.stream.streamArn);

    const resource = new CfnUserAccessLoggingSettings(this, 'Resource', {
      kinesisStreamArn: props.stream.streamArn,
    });

    this.stream = props.stream;
    this.userAccessLoggingSettingsArn = resource.attrUserAccessLoggingSettingsArn;
  }

  public get userAccessLoggingSettingsRef(): webRefs.UserAccessLoggingSettingsReference {
    return { userAccessLoggingSettingsArn: this.userAccessLoggingSettingsArn };
  }
}

/**
 * The stream's name as known at synth: the `name` of a `kinesis.Stream`
 * created in this app (undefined when CloudFormation generates it), or the
 * name an imported stream's ARN gives.
 */
function knownStreamName(stream: kinesis.IStream): { name?: string; generated: boolean } {
  const cfn = stream.node.defaultChild;
  // Not `instanceof`: a stream made with the app's own copy of aws-cdk-lib (npm link, file:, monorepos) is from another class.
  if (cfn !== undefined && kinesis.CfnStream.isCfnStream(cfn)) {
    // A stream without `streamName` renders no Name: CloudFormation generates one.
    const name: unknown = Stack.of(cfn).resolve(cfn.name);
    if (name === undefined) return { generated: true };
    return { name: typeof name === 'string' ? name : cfn.name, generated: false };
  }
  return { name: stream.streamName, generated: false };
}

function validateStreamName(scope: IConstruct, stream: kinesis.IStream): void {
  const { name, generated } = knownStreamName(stream);
  if (generated) {
    throw validationError(scope, `\`stream\` must have a name starting with '${UserAccessLoggingSettings.STREAM_NAME_PREFIX}' (the only streams WorkSpaces Secure Browser may write to), got a stream without \`streamName\` (${stream.node.path}): CloudFormation would generate a name without that prefix`);
  }
  if (name === undefined || Token.isUnresolved(name)) return;
  if (!name.startsWith(UserAccessLoggingSettings.STREAM_NAME_PREFIX)) {
    throw validationError(scope, `\`stream\` must have a name starting with '${UserAccessLoggingSettings.STREAM_NAME_PREFIX}' (the only streams WorkSpaces Secure Browser may write to), got '${name}'`);
  }
}

/**
 * "Your Amazon Kinesis data stream must either have server-side encryption
 * turned off, or must use AWS managed keys for server-side encryption."
 * (https://docs.aws.amazon.com/workspaces-web/latest/adminguide/user-logging.html).
 * A stream's `encryptionKey` is set only for customer managed keys
 * (`StreamEncryption.KMS`); the AWS managed key leaves it undefined.
 */
function validateStreamEncryption(scope: IConstruct, stream: kinesis.IStream): void {
  if (stream.encryptionKey !== undefined) {
    throw validationError(scope, `\`stream\` must be unencrypted or encrypted with the AWS managed key alias/aws/kinesis (StreamEncryption.MANAGED): WorkSpaces Secure Browser cannot write to a stream encrypted with a customer managed key, got a stream encrypted with ${stream.encryptionKey.node.path}`);
  }
}

function validateStreamArn(scope: IConstruct, arn: string): void {
  if (Token.isUnresolved(arn)) return;
  if (arn.length < 20 || arn.length > 2048 || !KINESIS_STREAM_ARN.test(arn)) {
    throw validationError(scope, `\`stream\` must have a Kinesis stream ARN of 20-2048 characters matching ${KINESIS_STREAM_ARN.source}, got '${arn}'`);
  }
}

