import { Annotations, ArnFormat, CfnOutput, Fn, IResource, RemovalPolicy, Resource, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as workspacesweb from 'aws-cdk-lib/aws-workspacesweb';
import { aws_workspacesweb as webRefs } from 'aws-cdk-lib/interfaces';
import { Construct } from 'constructs';
import { IBrowserSettings } from './browser-settings';
import { IDataProtectionSettings } from './data-protection-settings';
import { IdentityProvider, WebIdentityProvider } from './identity-provider';
import { IIpAccessSettings } from './ip-access-settings';
import { INetworkSettings, NetworkSettings, NetworkSettingsProps } from './network-settings';
import { ISessionLogger, SessionLogger, SessionLoggerProps } from './session-logger';
import { ITrustStore } from './trust-store';
import { IUserAccessLoggingSettings, UserAccessLoggingSettings, UserAccessLoggingSettingsProps } from './user-access-logging-settings';
import { IUserSettings } from './user-settings';
import { grantKeyToSecureBrowser, validateEncryptionContext, validateEncryptionKey } from '../private/web-encryption';

/** The instance type of a portal's browser sessions. */
export enum PortalInstanceType {
  STANDARD_REGULAR = 'standard.regular',
  STANDARD_LARGE = 'standard.large',
  STANDARD_XLARGE = 'standard.xlarge',
}

/** How users of a portal sign in. */
export enum AuthenticationType {
  /** Through an identity provider added to the portal (SAML 2.0, OIDC or a social provider). */
  STANDARD = 'Standard',
  /** Through IAM Identity Center; no identity provider is added to the portal. */
  IAM_IDENTITY_CENTER = 'IAM_Identity_Center',
}

/** A WorkSpaces Secure Browser portal, created here or imported. */
export interface IWebPortal extends IResource, webRefs.IPortalRef {
  /**
   * The portal ARN: `arn:<partition>:workspaces-web:<region>:<account>:portal/<portalId>`.
   *
   * @attribute
   */
  readonly portalArn: string;

  /**
   * The portal id (a 36-character UUID), which the session APIs take.
   *
   * @attribute
   */
  readonly portalId: string;

  /** Grants `workspaces-web:GetSession`, `ListSessions` and `ExpireSession` on this portal. */
  grantSessionManagement(grantee: iam.IGrantable): iam.Grant;
}

/** Properties of a `WebPortal`. */
export interface WebPortalProps {
  /** The portal's name in the console: 1-64 characters. @default - none */
  readonly displayName?: string;
  /** @default - the service's default (standard.regular) */
  readonly instanceType?: PortalInstanceType;
  /** The most concurrent sessions: 1-5000. @default - the service's default */
  readonly maxConcurrentSessions?: number;
  /** @default AuthenticationType.STANDARD */
  readonly authenticationType?: AuthenticationType;
  /**
   * A customer managed key for the portal's data. Create-only: changing it replaces the portal.
   *
   * @default - an AWS owned key
   */
  readonly encryptionKey?: kms.IKey;
  /** Encryption context for the customer managed key. Create-only. @default - none */
  readonly additionalEncryptionContext?: Record<string, string>;
  /** Network settings created for the portal: browsing from your VPC. @default - no VPC access (or `networkSettings`) */
  readonly network?: NetworkSettingsProps;
  /** Existing network settings, shared between portals. Not with `network`. @default - none (or `network`) */
  readonly networkSettings?: INetworkSettings;
  /** @default - the service's default browser settings */
  readonly browserSettings?: IBrowserSettings;
  /** User settings (clipboard, downloads, printing, timeouts...). Required before the portal becomes Active. @default - none */
  readonly userSettings?: IUserSettings;
  /** @default - any IP address may connect */
  readonly ipAccessSettings?: IIpAccessSettings;
  /** Certificates the browser trusts (internal sites). @default - the public trust store only */
  readonly trustStore?: ITrustStore;
  /** Logs sign-ins and sign-outs to a Kinesis stream (settings created for the portal). @default - none (or `userAccessLoggingSettings`) */
  readonly userAccessLogging?: UserAccessLoggingSettingsProps;
  /** Existing user access logging settings. Not with `userAccessLogging`. @default - none */
  readonly userAccessLoggingSettings?: IUserAccessLoggingSettings;
  /** @default - no data protection (redaction) */
  readonly dataProtectionSettings?: IDataProtectionSettings;
  /** Records session events to S3 (a session logger created for the portal). @default - none (or `sessionLoggerSettings`) */
  readonly sessionLogger?: SessionLoggerProps;
  /** An existing session logger. Not with `sessionLogger`. @default - none */
  readonly sessionLoggerSettings?: ISessionLogger;
  /** A custom domain for the portal endpoint. @default - the service's endpoint only */
  readonly customDomain?: string;
  /**
   * Add a CfnOutput with the portal's service provider SAML metadata, to
   * give to your identity provider.
   *
   * @default true
   */
  readonly serviceProviderMetadataOutput?: boolean;
  /** @default RemovalPolicy.DESTROY - the portal is deleted with the stack (it keeps no user data) */
  readonly removalPolicy?: RemovalPolicy;
}

/** Warning id of a STANDARD portal without an identity provider. */
export const PORTAL_WITHOUT_IDENTITY_PROVIDER_WARNING = 'cdk-workspaces-constructs:portalWithoutIdentityProvider';

abstract class WebPortalBase extends Resource implements IWebPortal {
  public abstract readonly portalArn: string;
  public abstract readonly portalId: string;

  public get portalRef(): webRefs.PortalReference {
    return { portalArn: this.portalArn };
  }

  public grantSessionManagement(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['workspaces-web:GetSession', 'workspaces-web:ListSessions', 'workspaces-web:ExpireSession'],
      resourceArns: [this.portalArn],
    });
  }
}

/**
 * A WorkSpaces Secure Browser portal, with its settings wired by type
 * instead of ARNs: the portal associates each settings resource it is given.
 */
export class WebPortal extends WebPortalBase {
  /** Refers to an existing portal by its ARN. */
  public static fromPortalArn(scope: Construct, id: string, portalArn: string): IWebPortal {
    class Import extends WebPortalBase {
      public readonly portalArn = portalArn;
      public readonly portalId = portalIdOf(scope, portalArn);
    }
    return new Import(scope, id, { environmentFromArn: portalArn });
  }

  public readonly portalArn: string;
  public readonly portalId: string;
  /** The URL users open (without the scheme). @attribute */
  public readonly portalEndpoint: string;
  /** The portal's SAML service provider metadata, for your identity provider. @attribute */
  public readonly serviceProviderSamlMetadata: string;
  /** The portal status: Incomplete, Pending or Active. @attribute */
  public readonly portalStatus: string;
  public readonly authenticationType: AuthenticationType;
  /** Network settings created for the portal from `network`. */
  public readonly networkSettings?: INetworkSettings;

  private readonly identityProviders: WebIdentityProvider[] = [];

  constructor(scope: Construct, id: string, props: WebPortalProps = {}) {
    super(scope, id);
    validatePortalProps(props);
    this.authenticationType = props.authenticationType ?? AuthenticationType.STANDARD;

    this.networkSettings = props.networkSettings ?? (props.network ? new NetworkSettings(this, 'Network', props.network) : undefined);
    const userAccessLogging = props.userAccessLoggingSettings
      ?? (props.userAccessLogging ? new UserAccessLoggingSettings(this, 'UserAccessLogging', props.userAccessLogging) : undefined);
    const sessionLogger = props.sessionLoggerSettings ?? (props.sessionLogger ? new SessionLogger(this, 'SessionLogger', props.sessionLogger) : undefined);

    const portal = new workspacesweb.CfnPortal(this, 'Resource', {
      displayName: props.displayName,
      instanceType: props.instanceType,
      maxConcurrentSessions: props.maxConcurrentSessions,
      authenticationType: this.authenticationType,
      customerManagedKey: props.encryptionKey?.keyArn,
      additionalEncryptionContext: props.additionalEncryptionContext,
      networkSettingsArn: this.networkSettings?.networkSettingsArn,
      browserSettingsArn: props.browserSettings?.browserSettingsArn,
      userSettingsArn: props.userSettings?.userSettingsArn,
      ipAccessSettingsArn: props.ipAccessSettings?.ipAccessSettingsArn,
      trustStoreArn: props.trustStore?.trustStoreArn,
      userAccessLoggingSettingsArn: userAccessLogging?.userAccessLoggingSettingsArn,
      dataProtectionSettingsArn: props.dataProtectionSettings?.dataProtectionSettingsArn,
      sessionLoggerArn: sessionLogger?.sessionLoggerArn,
      portalCustomDomain: props.customDomain,
    });
    portal.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.DESTROY);
    if (props.encryptionKey) {
      grantKeyToSecureBrowser(this, props.encryptionKey);
    }

    this.portalArn = portal.attrPortalArn;
    this.portalId = portalIdOf(this, this.portalArn);
    this.portalEndpoint = portal.attrPortalEndpoint;
    this.serviceProviderSamlMetadata = portal.attrServiceProviderSamlMetadata;
    this.portalStatus = portal.attrPortalStatus;

    if ((props.serviceProviderMetadataOutput ?? true) && this.authenticationType === AuthenticationType.STANDARD) {
      new CfnOutput(this, 'ServiceProviderSamlMetadata', {
        description: `SAML service provider metadata of portal ${this.node.path}: give it to your identity provider`,
        value: this.serviceProviderSamlMetadata,
      });
    }
    this.node.addValidation({ validate: () => this.validateIdentityProviders() });
  }

  /**
   * Adds an identity provider to the portal (STANDARD authentication only).
   * Its users then sign in through it; the portal becomes Active once it has
   * an identity provider and its settings.
   */
  public addIdentityProvider(id: string, provider: IdentityProvider, identityProviderName?: string): WebIdentityProvider {
    if (this.authenticationType === AuthenticationType.IAM_IDENTITY_CENTER) {
      throw new Error(`An identity provider cannot be added to portal ${this.node.path}: its \`authenticationType\` is IAM_IDENTITY_CENTER, where users sign in through IAM Identity Center, got addIdentityProvider('${id}')`);
    }
    const idp = new WebIdentityProvider(this, `IdentityProvider${id}`, {
      portal: this,
      identityProviderName: identityProviderName ?? id,
      provider,
    });
    this.identityProviders.push(idp);
    return idp;
  }

  private validateIdentityProviders(): string[] {
    if (this.authenticationType === AuthenticationType.STANDARD && this.identityProviders.length === 0) {
      Annotations.of(this).addWarningV2(PORTAL_WITHOUT_IDENTITY_PROVIDER_WARNING,
        `Portal ${this.node.path} uses STANDARD authentication and has no identity provider: it stays Incomplete and nobody can sign in. ` +
        'Add one with addIdentityProvider() once your identity provider has the portal\'s service provider metadata (the ServiceProviderSamlMetadata output).');
    }
    return [];
  }
}

function portalIdOf(scope: Construct, portalArn: string): string {
  if (!Token.isUnresolved(portalArn)) {
    const parsed = Stack.of(scope).splitArn(portalArn, ArnFormat.SLASH_RESOURCE_NAME);
    if (parsed.resource !== 'portal' || !parsed.resourceName) {
      throw new Error(`\`portalArn\` must be a WorkSpaces Secure Browser portal ARN (arn:<partition>:workspaces-web:<region>:<account>:portal/<id>), got '${portalArn}'`);
    }
    return parsed.resourceName;
  }
  return Fn.select(1, Fn.split('/', portalArn));
}

function validatePortalProps(props: WebPortalProps): void {
  validateEncryptionKey(props.encryptionKey);
  validateEncryptionContext(props.additionalEncryptionContext);
  if (props.additionalEncryptionContext !== undefined && props.encryptionKey === undefined) {
    throw new Error('`additionalEncryptionContext` applies to a customer managed key: give `encryptionKey` too, got an encryption context without a key');
  }
  const name = props.displayName;
  if (name !== undefined && !Token.isUnresolved(name) && (name.length < 1 || name.length > 64)) {
    throw new Error(`\`displayName\` must be 1-64 characters, got ${name.length} characters`);
  }
  const max = props.maxConcurrentSessions;
  if (max !== undefined && !Token.isUnresolved(max) && (!Number.isInteger(max) || max < 1 || max > 5000)) {
    throw new Error(`\`maxConcurrentSessions\` must be a whole number between 1 and 5000, got ${max}`);
  }
  for (const [inline, shared] of [['network', 'networkSettings'], ['userAccessLogging', 'userAccessLoggingSettings'], ['sessionLogger', 'sessionLoggerSettings']] as const) {
    if (props[inline] !== undefined && props[shared] !== undefined) {
      throw new Error(`\`${inline}\` and \`${shared}\` are two ways to give the same settings: give one, got both`);
    }
  }
  const domain = props.customDomain;
  if (domain !== undefined && !Token.isUnresolved(domain) && domain.length > 128) {
    throw new Error(`\`customDomain\` must be at most 128 characters, got ${domain.length}`);
  }
}
