import { IResource, Resource, Token } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { CfnIpAccessSettings } from 'aws-cdk-lib/aws-workspacesweb';
import { aws_workspacesweb as webRefs } from 'aws-cdk-lib/interfaces';
import { Construct, IConstruct } from 'constructs';
import { validateSecureBrowserArn } from './web-arn';
import { grantKeyToSecureBrowser, validateEncryptionContext, validateEncryptionKey } from './web-encryption';
import { IpAccessRule } from '../directory/ip-access-rule';
import { validateIpv4Range } from '../private/cidr';
import { validationError } from '../private/errors';

/** IP access settings of WorkSpaces Secure Browser: one created by `IpAccessSettings` or imported. */
export interface IIpAccessSettings extends IResource, webRefs.IIpAccessSettingsRef {
  /**
   * The ARN: `arn:<partition>:workspaces-web:<region>:<account>:ipAccessSettings/<id>`.
   *
   * @attribute
   */
  readonly ipAccessSettingsArn: string;
}

/** Properties of `IpAccessSettings`. */
export interface IpAccessSettingsProps {
  /**
   * The addresses users may reach the portal from: 1-100 rules. Users from
   * any other address are refused.
   */
  readonly rules: IpAccessRule[];

  /**
   * The name shown in the console: 1-64 characters, no line breaks.
   *
   * @default - no display name
   */
  readonly displayName?: string;

  /**
   * A description: 1-256 characters, no line breaks.
   *
   * @default - no description
   */
  readonly description?: string;

  /**
   * A symmetric encryption KMS key that encrypts the settings at rest. The
   * key policy gets a statement that lets WorkSpaces Secure Browser use the
   * key for this account's resources (an imported key is not changed: add
   * that statement yourself). Create-only: changing it replaces the settings.
   *
   * @default - an AWS owned key
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Encryption context added to every KMS call made with `encryptionKey`.
   * Create-only: changing it replaces the settings.
   *
   * @default - only the service's own context
   */
  readonly additionalEncryptionContext?: Record<string, string>;
}

const MIN_RULES = 1;
const MAX_RULES = 100;
/** The IpRange pattern of AWS::WorkSpacesWeb::IpAccessSettings IpRule (CloudFormation docs). */

/**
 * WorkSpaces Secure Browser IP access settings
 * (`AWS::WorkSpacesWeb::IpAccessSettings`): the IP addresses users may reach
 * a portal from.
 */
export class IpAccessSettings extends Resource implements IIpAccessSettings {
  /**
   * Refers to existing IP access settings by their ARN.
   *
   * @param scope the construct the reference is defined in
   * @param id its id, unique within scope
   * @param ipAccessSettingsArn the ARN of the IP access settings
   */
  public static fromIpAccessSettingsArn(scope: Construct, id: string, ipAccessSettingsArn: string): IIpAccessSettings {
    validateSecureBrowserArn(scope, id, 'ipAccessSettingsArn', 'IP access settings', 'ipAccessSettings', ipAccessSettingsArn);
    class Import extends Resource implements IIpAccessSettings {
      public readonly ipAccessSettingsArn = ipAccessSettingsArn;
      public get ipAccessSettingsRef(): webRefs.IpAccessSettingsReference {
        return { ipAccessSettingsArn: this.ipAccessSettingsArn };
      }
    }
    return new Import(scope, id, { environmentFromArn: ipAccessSettingsArn });
  }

  /** The ARN. @attribute */
  public readonly ipAccessSettingsArn: string;

  /**
   * @param scope the construct this one is defined in
   * @param id its id, unique within scope
   * @param props the IP access rules and encryption of the settings
   */
  constructor(scope: Construct, id: string, props: IpAccessSettingsProps) {
    super(scope, id);

    // Validate everything before creating anything.
    validateRuleCount(this, props.rules);
    props.rules.forEach((rule, index) => validateRule(this, rule, index));
    validateText(this, 'displayName', props.displayName, 64);
    validateText(this, 'description', props.description, 256);
    validateEncryptionKey(this, props.encryptionKey);
    validateEncryptionContext(this, props.additionalEncryptionContext);

    if (props.encryptionKey) {
      // Key policy statement for workspaces-web.amazonaws.com scoped with aws:SourceAccount, per
      // https://docs.aws.amazon.com/workspaces-web/latest/adminguide/encryption-rest.html
      grantKeyToSecureBrowser(this, props.encryptionKey);
    }

    const resource = new CfnIpAccessSettings(this, 'Resource', {
      ipRules: props.rules.map(rule => ({ ipRange: rule.cidr, description: rule.description })),
      displayName: props.displayName,
      description: props.description,
      customerManagedKey: props.encryptionKey?.keyArn,
      additionalEncryptionContext: props.additionalEncryptionContext,
    });

    this.ipAccessSettingsArn = resource.attrIpAccessSettingsArn;
  }

  public get ipAccessSettingsRef(): webRefs.IpAccessSettingsReference {
    return { ipAccessSettingsArn: this.ipAccessSettingsArn };
  }
}

function validateRuleCount(scope: IConstruct, rules: IpAccessRule[]): void {
  if (rules.length < MIN_RULES || rules.length > MAX_RULES) {
    throw validationError(scope, `\`rules\` must hold ${MIN_RULES}-${MAX_RULES} rules, got ${rules.length}`);
  }
}

function validateRule(scope: IConstruct, rule: IpAccessRule, index: number): void {
  validateIpv4Range(scope, `rules[${index}].cidr`, rule.cidr);
  validateText(scope, `rules[${index}].description`, rule.description, 256);
}

/** 1-`max` characters without line breaks (the schema's `^.+$`). */
function validateText(scope: IConstruct, prop: string, value: string | undefined, max: number): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (value.length < 1 || value.length > max) {
    throw validationError(scope, `\`${prop}\` must be 1-${max} characters, got ${value.length}`);
  }
  if (/[\n\r\u2028\u2029]/.test(value)) {
    throw validationError(scope, `\`${prop}\` must not contain line breaks, got ${JSON.stringify(value)}`);
  }
}

