import { Annotations, ArnFormat, CfnDeletionPolicy, CfnOutput, CfnResource, CustomResource, Duration, Fn, IResource, Lazy, RemovalPolicy, Resource, Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as workspacesweb from 'aws-cdk-lib/aws-workspacesweb';
import { aws_workspacesweb as webRefs } from 'aws-cdk-lib/interfaces';
import { Construct, IConstruct } from 'constructs';
import { IBrowserSettings } from './browser-settings';
import { IDataProtectionSettings } from './data-protection-settings';
import { IdentityProvider, WebIdentityProvider } from './identity-provider';
import { IIpAccessSettings } from './ip-access-settings';
import { INetworkSettings, NetworkSettings, NetworkSettingsProps } from './network-settings';
import {
  DEFAULT_PORTAL_QUOTA,
  DEFAULT_SESSION_QUOTAS,
  portalDrainTimeoutSeconds,
  grantReadinessHandler,
  QUOTA_INCREASE,
  readinessTimeoutSeconds,
} from './portal-readiness';
import { securityDigest } from './security-digest';
import { ISessionLogger, SessionLogger, SessionLoggerProps } from './session-logger';
import { ITrustStore } from './trust-store';
import { IUserAccessLoggingSettings, UserAccessLoggingSettings, UserAccessLoggingSettingsProps } from './user-access-logging-settings';
import { IUserSettings } from './user-settings';
import { grantKeyToSecureBrowser, IMPORTED_KEY_WARNING, validateEncryptionContext, validateEncryptionKey } from './web-encryption';
import { validationError } from '../private/errors';
import { WorkspacesProvider } from '../private/provider';
import { STACK_ID_TAG, rejectReservedTags } from '../private/reserved-tags';
import { PORTAL_READINESS_RESOURCE_TYPE } from '../private/resource-types';

/**
 * The instance type of a portal's browser sessions. Each type has its own
 * quota of concurrent sessions per account and Region.
 *
 * @see https://docs.aws.amazon.com/workspaces-web/latest/adminguide/request-service-quota.html
 */
export enum PortalInstanceType {
  /** The smallest type (the service's default); default quota: 25 concurrent sessions. */
  STANDARD_REGULAR = 'standard.regular',
  /** A larger type, for heavier web applications; default quota: 10 concurrent sessions. */
  STANDARD_LARGE = 'standard.large',
  /** The largest type; default quota: 5 concurrent sessions. */
  STANDARD_XLARGE = 'standard.xlarge',
}

/** How users of a portal sign in. */
export enum AuthenticationType {
  /** Through an identity provider added to the portal (SAML 2.0, OIDC or a social provider). */
  STANDARD = 'Standard',
  /** Through IAM Identity Center; no identity provider is added to the portal. */
  IAM_IDENTITY_CENTER = 'IAM_Identity_Center',
}

/**
 * What a deploy does with the sessions running when a security setting of the
 * portal changes, and when the portal is deleted or replaced.
 */
export enum ExistingSessions {
  /** Running sessions go on; new sessions get the new settings. */
  KEEP = 'KEEP',
  /**
   * Running sessions are expired, after `drainTimeout`: when a security setting
   * (browser, user, IP access or data protection settings, trust store) is
   * replaced or a field of it that changes what a session may do changes, and
   * when the portal is deleted or replaced; never for a deploy that is
   * cancelled or rolled back, nor for a retained portal.
   */
  EXPIRE = 'EXPIRE',
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

  /**
   * Grants `workspaces-web:GetSession`, `ListSessions` and `ExpireSession` on
   * this portal: the grantee can list the portal's sessions, see one (its
   * user name, client IP addresses, status, start and end time) and end it.
   * Nothing else of the portal, and no other portal's sessions.
   */
  grantManageSessions(grantee: iam.IGrantable): iam.Grant;
}

/** Properties of a `WebPortal`. */
export interface WebPortalProps {
  /** The portal's name in the console: 1-64 characters. @default - none */
  readonly displayName?: string;
  /** The instance type of the portal's browser sessions. @default - the service's default (standard.regular) */
  readonly instanceType?: PortalInstanceType;
  /** The most concurrent sessions: 1-5000. @default - the service's default */
  readonly maxConcurrentSessions?: number;
  /**
   * How users sign in: through an identity provider added with
   * `addIdentityProvider` (STANDARD), or through IAM Identity Center.
   *
   * @default AuthenticationType.STANDARD
   */
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
  /** Browser settings (Chrome policies) of the portal's sessions. @default - the service's default browser settings */
  readonly browserSettings?: IBrowserSettings;
  /** User settings (clipboard, downloads, printing, timeouts...). Required before the portal becomes Active. @default - none */
  readonly userSettings?: IUserSettings;
  /** The IP address ranges users may connect from. @default - any IP address may connect */
  readonly ipAccessSettings?: IIpAccessSettings;
  /** Certificates the browser trusts (internal sites). @default - the public trust store only */
  readonly trustStore?: ITrustStore;
  /** Logs sign-ins and sign-outs to a Kinesis stream (settings created for the portal). @default - none (or `userAccessLoggingSettings`) */
  readonly userAccessLogging?: UserAccessLoggingSettingsProps;
  /** Existing user access logging settings. Not with `userAccessLogging`. @default - none */
  readonly userAccessLoggingSettings?: IUserAccessLoggingSettings;
  /** Data protection settings: what is redacted from the pages users see. @default - no data protection (redaction) */
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
  /**
   * What happens to the portal when it leaves the stack. With RETAIN (or
   * SNAPSHOT, RETAIN_ON_UPDATE_OR_DELETE), its running sessions are left alone
   * too, whatever `existingSessions` says. The same holds for a policy set
   * later: `portal.applyRemovalPolicy()`, a `RemovalPolicies` aspect, or the
   * portal resource's `cfnOptions.deletionPolicy` / `updateReplacePolicy`.
   *
   * @default RemovalPolicy.DESTROY - the portal is deleted with the stack (it keeps no user data)
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Whether a deploy that creates or updates the portal completes only once
   * the portal is Active (users can sign in), and fails with the portal's
   * status and status reason when it is not Active within `readinessTimeout`.
   * A STANDARD portal with no identity provider added through
   * `addIdentityProvider` (step one of the SAML setup) cannot become Active:
   * its deploy completes at Incomplete, and synth warns.
   *
   * @default true
   */
  readonly waitForActive?: boolean;
  /**
   * How long a deploy waits for the portal to become Active, `drainTimeout`
   * included. At most the provider's total timeout minus one query interval
   * (59.5 minutes with the defaults).
   *
   * @default Duration.minutes(20)
   */
  readonly readinessTimeout?: Duration;
  /**
   * What a deploy does with running sessions when a security setting of the
   * portal (browser, user, IP access or data protection settings, trust
   * store) is replaced or a field of it that changes what a session may do
   * changes (not a description, display name, toolbar or branding), and when
   * the portal is deleted or replaced. With EXPIRE, they are expired after
   * `drainTimeout`, so that nobody keeps working under the settings that were
   * replaced; a deploy that is cancelled or rolled back expires nobody.
   *
   * @default ExistingSessions.KEEP - running sessions go on under the settings they started with
   */
  readonly existingSessions?: ExistingSessions;
  /**
   * With `existingSessions` EXPIRE: how long sessions may go on, and end by
   * themselves, before those still running are expired. Whole seconds, less
   * than `readinessTimeout`.
   *
   * @default - no wait: sessions are expired at once
   */
  readonly drainTimeout?: Duration;
}

abstract class WebPortalBase extends Resource implements IWebPortal {
  public abstract readonly portalArn: string;
  public abstract readonly portalId: string;

  public get portalRef(): webRefs.PortalReference {
    return { portalArn: this.portalArn };
  }

  /**
   * Grants `workspaces-web:GetSession`, `ListSessions` and `ExpireSession` on
   * this portal: the grantee can list the portal's sessions, see one (its
   * user name, client IP addresses, status, start and end time) and end it.
   */
  public grantManageSessions(grantee: iam.IGrantable): iam.Grant {
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
 *
 * Beside the portal, a Lambda-backed custom resource
 * (`Custom::WebPortalReadiness`), since CloudFormation neither waits for a
 * portal to become Active nor ends its sessions: the deploy completes once
 * the portal is usable (`waitForActive`), and with `existingSessions` EXPIRE,
 * sessions running when a security setting changes, or when the portal goes,
 * are expired.
 */
export class WebPortal extends WebPortalBase {
  /**
   * The id of the warning every `WebPortal` raises at synth,
   * `cdk-workspaces-constructs:secureBrowserClosedToNewCustomers`: WorkSpaces
   * Secure Browser has been in maintenance mode, closed to new customers,
   * since 2026-10-29; existing customers continue as normal. Once you have
   * checked that the account already uses Secure Browser, acknowledge it:
   * `Annotations.of(portal).acknowledgeWarning(WebPortal.CLOSED_TO_NEW_CUSTOMERS_WARNING, 'reason')`.
   *
   * @see https://docs.aws.amazon.com/workspaces-web/latest/adminguide/workspaces-secure-browser-maintenance-mode.html
   */
  public static readonly CLOSED_TO_NEW_CUSTOMERS_WARNING = 'cdk-workspaces-constructs:secureBrowserClosedToNewCustomers';

  /**
   * The id of the warning a STANDARD portal with no identity provider raises
   * at synth, `cdk-workspaces-constructs:portalWithoutIdentityProvider`: the
   * portal stays Incomplete and nobody can sign in. Acknowledge it for the
   * first deploy of a SAML setup (the identity provider needs the portal's
   * metadata first):
   * `Annotations.of(portal).acknowledgeWarning(WebPortal.WITHOUT_IDENTITY_PROVIDER_WARNING, 'reason')`.
   */
  public static readonly WITHOUT_IDENTITY_PROVIDER_WARNING = 'cdk-workspaces-constructs:portalWithoutIdentityProvider';

  /**
   * The id of the warning a portal raises at synth when its
   * `maxConcurrentSessions` is above the default quota of its instance type,
   * `cdk-workspaces-constructs:portalSessionsAboveQuota`. Once the quota is
   * raised, acknowledge it:
   * `Annotations.of(portal).acknowledgeWarning(WebPortal.SESSIONS_ABOVE_QUOTA_WARNING, 'reason')`.
   *
   * @see https://docs.aws.amazon.com/workspaces-web/latest/adminguide/request-service-quota.html
   */
  public static readonly SESSIONS_ABOVE_QUOTA_WARNING = 'cdk-workspaces-constructs:portalSessionsAboveQuota';

  /**
   * The id of the warning a stack raises at synth when it holds more portals
   * than the default quota of web portals per account and Region,
   * `cdk-workspaces-constructs:portalsAboveQuota`. Once the quota is raised,
   * acknowledge it on the stack:
   * `Annotations.of(stack).acknowledgeWarning(WebPortal.PORTALS_ABOVE_QUOTA_WARNING, 'reason')`.
   *
   * @see https://docs.aws.amazon.com/workspaces-web/latest/adminguide/request-service-quota.html
   */
  public static readonly PORTALS_ABOVE_QUOTA_WARNING = 'cdk-workspaces-constructs:portalsAboveQuota';

  /**
   * The id of the warning a portal or Secure Browser settings construct
   * (`BrowserSettings`, `UserSettings`, `IpAccessSettings`,
   * `DataProtectionSettings`, `SessionLogger`) raises at synth when its
   * `encryptionKey` is imported, so its key policy cannot be changed from the
   * app: `cdk-workspaces-constructs:secureBrowserImportedKey`. Once the key
   * policy allows `workspaces-web.amazonaws.com`, acknowledge it on that construct:
   * `Annotations.of(settings).acknowledgeWarning(WebPortal.IMPORTED_KEY_WARNING, 'reason')`.
   *
   * @see https://docs.aws.amazon.com/workspaces-web/latest/adminguide/encryption-rest.html
   */
  public static readonly IMPORTED_KEY_WARNING: string = IMPORTED_KEY_WARNING;

  /**
   * Refers to an existing portal by its ARN.
   *
   * @param scope the construct the reference is defined in
   * @param id its id, unique within scope
   * @param portalArn the portal ARN (`arn:<partition>:workspaces-web:<region>:<account>:portal/<portalId>`)
   */
  public static fromPortalArn(scope: Construct, id: string, portalArn: string): IWebPortal {
    class Import extends WebPortalBase {
      public readonly portalArn = portalArn;
      public readonly portalId = portalIdOf(this, portalArn);
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
  /** Why the portal is in its status (empty when Active). @attribute */
  public readonly statusReason: string;
  /** The renderer of the portal's streaming sessions (AppStream). @attribute */
  public readonly rendererType: string;
  /** The browser users see in a session (Chrome). @attribute */
  public readonly browserType: string;
  /** When the portal was created. @attribute */
  public readonly creationDate: string;
  /** How users of the portal sign in. */
  public readonly authenticationType: AuthenticationType;
  /** Network settings created for the portal from `network`. */
  public readonly networkSettings?: INetworkSettings;

  private readonly identityProviders: WebIdentityProvider[] = [];
  private readonly readiness: CustomResource;

  /**
   * @param scope the construct this one is defined in
   * @param id its id, unique within scope
   * @param props the portal's settings
   */
  constructor(scope: Construct, id: string, props: WebPortalProps = {}) {
    super(scope, id);
    // Validate everything before creating anything.
    validatePortalProps(this, props);
    this.authenticationType = props.authenticationType ?? AuthenticationType.STANDARD;
    const existingSessions = props.existingSessions ?? ExistingSessions.KEEP;
    const expire = existingSessions === ExistingSessions.EXPIRE;
    const readinessTimeout = readinessTimeoutSeconds(this, props.readinessTimeout, WorkspacesProvider.timings(this));
    const drainTimeout = portalDrainTimeoutSeconds(this, props.drainTimeout, expire, existingSessions, readinessTimeout);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.DESTROY;

    this.networkSettings = props.networkSettings ?? (props.network ? new NetworkSettings(this, 'Network', props.network) : undefined);
    const userAccessLogging = props.userAccessLoggingSettings
      ?? (props.userAccessLogging ? new UserAccessLoggingSettings(this, 'UserAccessLogging', props.userAccessLogging) : undefined);
    const sessionLogger = props.sessionLoggerSettings ?? (props.sessionLogger ? new SessionLogger(this, 'SessionLogger', props.sessionLogger) : undefined);

    const portal = this.createPortal(props, userAccessLogging, sessionLogger, removalPolicy);

    this.portalArn = portal.attrPortalArn;
    this.portalId = portalIdOf(this, this.portalArn);
    this.portalEndpoint = portal.attrPortalEndpoint;
    this.serviceProviderSamlMetadata = portal.attrServiceProviderSamlMetadata;
    this.portalStatus = portal.attrPortalStatus;
    this.statusReason = portal.attrStatusReason;
    this.rendererType = portal.attrRendererType;
    this.browserType = portal.attrBrowserType;
    this.creationDate = portal.attrCreationDate;

    // Always created, even when it neither waits nor expires anything: its
    // Delete then arrives only when the portal goes (stack deletion or the
    // portal's replacement), never because a prop was turned off.
    const provider = WorkspacesProvider.getOrCreate(this);
    grantReadinessHandler(provider, this.portalArn, expire);
    this.readiness = this.createReadiness(provider, portal, props, { existingSessions, readinessTimeout, drainTimeout });
    this.addReadinessDependencies(portal, props, userAccessLogging, sessionLogger);
    warnAboveSessionQuota(this, props);
    warnClosedToNewCustomers(this);
    countPortalInStack(this);

    if ((props.serviceProviderMetadataOutput ?? true) && this.authenticationType === AuthenticationType.STANDARD) {
      new CfnOutput(this, 'ServiceProviderSamlMetadata', {
        description: `SAML service provider metadata of portal ${this.node.path}: give it to your identity provider`,
        value: this.serviceProviderSamlMetadata,
      });
    }
    this.node.addValidation({ validate: () => this.validateIdentityProviders() });
  }

  /** The portal resource, with the settings given associated, the stack's id tag and the key's grant. */
  private createPortal(
    props: WebPortalProps, userAccessLogging: IUserAccessLoggingSettings | undefined,
    sessionLogger: ISessionLogger | undefined, removalPolicy: RemovalPolicy,
  ): workspacesweb.CfnPortal {
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
    portal.applyRemovalPolicy(removalPolicy);
    // The stack's id on the portal, under a reserved key: the condition that lets the provider role end the sessions
    // of a portal of this stack being replaced (lib/web/portal-readiness.ts). The highest priority, so that no
    // `Tags.of()` aspect replaces or removes it; any other reserved key, or this one with another value, fails synth.
    portal.cdkTagManager.setTag(STACK_ID_TAG, Stack.of(this).stackId, Number.MAX_SAFE_INTEGER);
    rejectReservedTags(this, portal.cdkTagManager, { [STACK_ID_TAG]: Stack.of(this).stackId });
    if (props.encryptionKey) {
      grantKeyToSecureBrowser(this, props.encryptionKey);
    }
    return portal;
  }

  /**
   * The readiness check: waits for the portal to be Active, and drains and expires sessions
   * when `existingSessions` is EXPIRE and a security setting changed (lib/web/portal-readiness.ts).
   */
  private createReadiness(
    provider: WorkspacesProvider, portal: workspacesweb.CfnPortal, props: WebPortalProps,
    sessions: { readonly existingSessions: string; readonly readinessTimeout: Duration; readonly drainTimeout?: number },
  ): CustomResource {
    return new CustomResource(this, 'Readiness', {
      serviceToken: provider.serviceToken,
      resourceType: PORTAL_READINESS_RESOURCE_TYPE,
      properties: {
        PortalArn: this.portalArn,
        WaitForActive: props.waitForActive ?? true,
        // Read at synth: an identity provider may be added after construction.
        AcceptIncomplete: Lazy.any({ produce: () => this.restsIncomplete() }),
        TimeoutSeconds: sessions.readinessTimeout.toSeconds(),
        ExistingSessions: sessions.existingSessions,
        DrainTimeoutSeconds: sessions.drainTimeout,
        // Read at synth from the portal's own policies, so that applyRemovalPolicy(), a RemovalPolicies aspect or
        // cfnOptions set after construction count, not only the prop.
        PortalRetained: Lazy.any({ produce: () => isRetained(portal) }),
        SecuritySettings: securitySettingsOf(props),
      },
    });
  }

  private addReadinessDependencies(
    portal: workspacesweb.CfnPortal, props: WebPortalProps,
    userAccessLogging: IUserAccessLoggingSettings | undefined, sessionLogger: ISessionLogger | undefined,
  ): void {
    // The readiness check runs after the portal and every settings resource
    // given are created or updated: a settings resource changed in place (same
    // ARN) is not an update of the portal, and its sessions must be expired
    // only once the new content is in effect.
    this.readiness.node.addDependency(portal);
    for (const settings of [
      this.networkSettings, props.browserSettings, props.userSettings, props.ipAccessSettings, props.trustStore,
      userAccessLogging, props.dataProtectionSettings, sessionLogger,
    ]) {
      if (settings !== undefined && Construct.isConstruct(settings)) {
        this.readiness.node.addDependency(settings);
      }
    }
  }

  /**
   * Adds an identity provider to the portal (STANDARD authentication only).
   * Its users then sign in through it; the portal becomes Active once it has
   * an identity provider and its settings.
   */
  public addIdentityProvider(id: string, provider: IdentityProvider, identityProviderName?: string): WebIdentityProvider {
    if (this.authenticationType === AuthenticationType.IAM_IDENTITY_CENTER) {
      throw validationError(this, `An identity provider cannot be added to this portal: its \`authenticationType\` is IAM_IDENTITY_CENTER, where users sign in through IAM Identity Center, got addIdentityProvider('${id}')`);
    }
    const idp = new WebIdentityProvider(this, `IdentityProvider${id}`, {
      portal: this,
      identityProviderName: identityProviderName ?? id,
      provider,
    });
    this.identityProviders.push(idp);
    // The portal can become Active only once its identity provider exists.
    this.readiness.node.addDependency(idp);
    return idp;
  }

  /**
   * Acknowledges aws-cdk-lib's template-validation warning
   * `CloudFormation-Validate::W3697` ("Resource type 'AWS::WorkSpacesWeb::…'
   * is from a service in maintenance mode", raised from aws-cdk-lib 2.278) on
   * this portal and on every Secure Browser resource associated with it,
   * wherever it sits in the construct tree: settings created for the portal,
   * settings given to it (created at stack level or shared with other
   * portals) and identity providers, those added later included. Other
   * resources of the app keep the warning.
   *
   * Same as `Validations.of(c).acknowledge({ id: 'CloudFormation-Validate::W3697', reason })`
   * for the portal and each of those settings constructs.
   *
   * @param reason why the warning does not apply or has been acted on; recorded in the cloud assembly
   */
  public acknowledgeMaintenanceModeWarnings(reason: string): void {
    // The portal covers its children (its settings created from props, its
    // identity providers); its readiness check depends on exactly the settings
    // it associates, the ones given in props included.
    const associated = this.readiness.node.dependencies.filter(c => !c.node.path.startsWith(`${this.node.path}/`));
    for (const scope of [this, ...associated]) {
      Validations.of(scope).acknowledge({ id: MAINTENANCE_MODE_FINDING, reason });
    }
  }

  /** A STANDARD portal with no identity provider by design (step one of the SAML setup) rests at Incomplete. */
  private restsIncomplete(): boolean {
    return this.authenticationType === AuthenticationType.STANDARD && this.identityProviders.length === 0;
  }

  private validateIdentityProviders(): string[] {
    if (this.restsIncomplete()) {
      Annotations.of(this).addWarningV2(WebPortal.WITHOUT_IDENTITY_PROVIDER_WARNING,
        `Portal ${this.node.path} uses STANDARD authentication and has no identity provider: it stays Incomplete and nobody can sign in. ` +
        'Add one with addIdentityProvider() once your identity provider has the portal\'s service provider metadata (the ServiceProviderSamlMetadata output). ' +
        'Until then the deploy completes when the portal is Incomplete instead of waiting for Active.');
    }
    return [];
  }
}

/**
 * Whether the portal outlives its stack resource: its DeletionPolicy (the
 * stack's deletion, the portal's removal) or its UpdateReplacePolicy (its
 * replacement) keeps it. Its sessions are then never expired.
 */
/** The security settings given, each with its ARN and a digest of its content (a change of content expires sessions). */
function securitySettingsOf(props: WebPortalProps): Record<string, unknown> | undefined {
  const securitySettings: Record<string, unknown> = {};
  for (const [name, settings, arn] of [
    ['BrowserSettings', props.browserSettings, props.browserSettings?.browserSettingsArn],
    ['UserSettings', props.userSettings, props.userSettings?.userSettingsArn],
    ['IpAccessSettings', props.ipAccessSettings, props.ipAccessSettings?.ipAccessSettingsArn],
    ['DataProtectionSettings', props.dataProtectionSettings, props.dataProtectionSettings?.dataProtectionSettingsArn],
    ['TrustStore', props.trustStore, props.trustStore?.trustStoreArn],
  ] as const) {
    if (settings !== undefined) {
      securitySettings[name] = { Arn: arn, Content: securityDigest(settings) };
    }
  }
  return Object.keys(securitySettings).length > 0 ? securitySettings : undefined;
}

function isRetained(portal: CfnResource): boolean {
  const kept = (policy: CfnDeletionPolicy | undefined) => policy !== undefined && policy !== CfnDeletionPolicy.DELETE;
  return kept(portal.cfnOptions.deletionPolicy) || kept(portal.cfnOptions.updateReplacePolicy);
}

/** Warns when `maxConcurrentSessions` is above the default quota of the portal's instance type. */
function warnAboveSessionQuota(portal: WebPortal, props: WebPortalProps): void {
  const max = props.maxConcurrentSessions;
  const instanceType = props.instanceType ?? PortalInstanceType.STANDARD_REGULAR;
  const quota = DEFAULT_SESSION_QUOTAS[instanceType];
  if (max === undefined || Token.isUnresolved(max) || quota === undefined || max <= quota) {
    return;
  }
  Annotations.of(portal).addWarningV2(WebPortal.SESSIONS_ABOVE_QUOTA_WARNING,
    `Portal ${portal.node.path} asks for \`maxConcurrentSessions\` ${max} on ${instanceType}, above the default quota of ${quota} concurrent ${instanceType} sessions ` +
    `per account and Region, which all the account's ${instanceType} portals in the Region share: until the quota is raised, no more than ${quota} such sessions run at once. ` +
    `The quota ${QUOTA_INCREASE}.`);
}

/**
 * aws-cdk-lib's CloudFormation Validate finding on every `AWS::WorkSpacesWeb::*`
 * resource (from aws-cdk-lib 2.278): "from a service in maintenance mode".
 */
const MAINTENANCE_MODE_FINDING = 'CloudFormation-Validate::W3697';

const PORTALS_BY_STACK = new WeakMap<Stack, WebPortal[]>();

/** Warns once, on the stack, when it holds more portals than the default quota (a stack is in one account and Region). */
function countPortalInStack(portal: WebPortal): void {
  const stack = Stack.of(portal);
  let portals = PORTALS_BY_STACK.get(stack);
  if (portals === undefined) {
    const all: WebPortal[] = [];
    portals = all;
    PORTALS_BY_STACK.set(stack, all);
    stack.node.addValidation({
      validate: () => {
        if (all.length > DEFAULT_PORTAL_QUOTA) {
          Annotations.of(stack).addWarningV2(WebPortal.PORTALS_ABOVE_QUOTA_WARNING,
            `Stack ${stack.node.path} holds ${all.length} WebPortal constructs (${all.map(p => p.node.path).join(', ')}), more than the default quota of ` +
            `${DEFAULT_PORTAL_QUOTA} web portals per account and Region (portals in other stacks of the account and Region count too): ` +
            `until the quota is raised, creating portal number ${DEFAULT_PORTAL_QUOTA + 1} fails. The quota ${QUOTA_INCREASE}.`);
        }
        return [];
      },
    });
  }
  portals.push(portal);
}

function portalIdOf(scope: IConstruct, portalArn: string): string {
  if (!Token.isUnresolved(portalArn)) {
    const parsed = Stack.of(scope).splitArn(portalArn, ArnFormat.SLASH_RESOURCE_NAME);
    if (parsed.resource !== 'portal' || !parsed.resourceName) {
      throw validationError(scope, `\`portalArn\` must be a WorkSpaces Secure Browser portal ARN (arn:<partition>:workspaces-web:<region>:<account>:portal/<id>), got '${portalArn}'`);
    }
    return parsed.resourceName;
  }
  return Fn.select(1, Fn.split('/', portalArn));
}

function validatePortalProps(scope: IConstruct, props: WebPortalProps): void {
  validateEncryptionKey(scope, props.encryptionKey);
  validateEncryptionContext(scope, props.additionalEncryptionContext);
  if (props.additionalEncryptionContext !== undefined && props.encryptionKey === undefined) {
    throw validationError(scope, '`additionalEncryptionContext` applies to a customer managed key: give `encryptionKey` too, got an encryption context without a key');
  }
  const name = props.displayName;
  if (name !== undefined && !Token.isUnresolved(name) && (name.length < 1 || name.length > 64)) {
    throw validationError(scope, `\`displayName\` must be 1-64 characters, got ${name.length} characters`);
  }
  const max = props.maxConcurrentSessions;
  if (max !== undefined && !Token.isUnresolved(max) && (!Number.isInteger(max) || max < 1 || max > 5000)) {
    throw validationError(scope, `\`maxConcurrentSessions\` must be a whole number between 1 and 5000, got ${max}`);
  }
  for (const [inline, shared] of [['network', 'networkSettings'], ['userAccessLogging', 'userAccessLoggingSettings'], ['sessionLogger', 'sessionLoggerSettings']] as const) {
    // A construct has the shape of these props (a SessionLogger has a `bucket`, UserAccessLoggingSettings a `stream`),
    // so TypeScript takes one here, and a second resource would be made from it: the construct goes in `shared`.
    const given: unknown = props[inline];
    if (given !== undefined && Construct.isConstruct(given)) {
      throw validationError(scope, `\`${inline}\` takes the properties of settings to create for the portal; to use existing settings, pass them as \`${shared}\`, got the construct ${given.node.path}`);
    }
    if (props[inline] !== undefined && props[shared] !== undefined) {
      throw validationError(scope, `\`${inline}\` and \`${shared}\` are two ways to give the same settings: give one, got both`);
    }
  }
  const domain = props.customDomain;
  if (domain !== undefined && !Token.isUnresolved(domain) && domain.length > 128) {
    throw validationError(scope, `\`customDomain\` must be at most 128 characters, got ${domain.length}`);
  }
}

/** The service's status: in maintenance mode, closed to new customers (AWS's page, cited in the message). */
function warnClosedToNewCustomers(portal: WebPortal): void {
  Annotations.of(portal).addWarningV2(WebPortal.CLOSED_TO_NEW_CUSTOMERS_WARNING,
    'Amazon WorkSpaces Secure Browser has been in maintenance mode, closed to new customers, since 2026-10-29: ' +
    'accounts that already use it continue as normal; a new customer cannot start using it. ' +
    'For new deployments AWS points to Amazon WorkSpaces Applications with a self-managed Chrome image on an Elastic fleet, ' +
    'or to a third-party enterprise browser: https://docs.aws.amazon.com/workspaces-web/latest/adminguide/workspaces-secure-browser-maintenance-mode.html. ' +
    'This library makes the first: an ApplicationsFleet with fleetType ELASTIC and the browser added with addApplication.');
}
