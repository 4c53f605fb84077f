import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { DirectoryIdentity } from './directory-identity';
import {
  CertificateBasedAuthSettings,
  DeviceAccessSettings,
  EndpointEncryptionMode,
  SamlSettings,
  SelfServicePermissions,
  StreamingSettings,
  Tenancy,
  WorkspaceCreationSettings,
} from './directory-settings';
import { IpAccessRule } from './ip-access-rule';

/** Properties of a `WorkspaceDirectory`. */
export interface WorkspaceDirectoryProps {
  /** How users are identified: a Directory Service directory, a pools (SAML) directory, IAM Identity Center or Entra ID. */
  readonly identity: DirectoryIdentity;

  /**
   * The directory's name in WorkSpaces (pools, Identity Center, Entra):
   * 2-65 characters, starting with a letter or digit. Create-only.
   *
   * @default - generated from the construct path
   */
  readonly directoryName?: string;

  /**
   * The description (pools, Identity Center, Entra). Create-only.
   *
   * @default - `Managed by cdk-workspaces-constructs for <construct path>`
   */
  readonly description?: string;

  /** The VPC of the subnets. @default - the directory's own subnets (Directory Service) */
  readonly vpc?: ec2.IVpc;

  /**
   * At most two subnets, in different Availability Zones. Changing them
   * replaces a CloudFormation-registered directory and cannot be done on a
   * registered Directory Service directory.
   *
   * @default - with `vpc`: two of its private subnets, in different Availability Zones; without: the directory's own subnets
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * Whether the directory's WorkSpaces run on shared or dedicated hardware;
   * `DEDICATED` is needed for bring-your-own-license (BYOL) images.
   *
   * @default Tenancy.SHARED (the service's default)
   */
  readonly tenancy?: Tenancy;

  /**
   * How the directory's streaming endpoints encrypt traffic.
   *
   * @default - the service's default (STANDARD_TLS)
   */
  readonly endpointEncryptionMode?: EndpointEncryptionMode;

  /** SAML 2.0 sign-in. Required for pools directories. @default - SAML off */
  readonly saml?: SamlSettings;

  /** Certificate-based authentication; needs `saml` enabled. @default - off */
  readonly certificateBasedAuth?: CertificateBasedAuthSettings;

  /** Defaults of WorkSpaces launched in the directory. @default - the service's defaults */
  readonly workspaceCreation?: WorkspaceCreationSettings;

  /** Client devices allowed to connect. @default - the service's defaults */
  readonly deviceAccess?: DeviceAccessSettings;

  /**
   * Let users manage their personal WorkSpaces (not for pools): turns the
   * self-service capabilities other than restart (increase volume size,
   * change compute type, switch running mode, rebuild) on or off together.
   * The flags of `selfServicePermissions` override it one by one.
   *
   * @default - not sent: the service's default
   */
  readonly enableSelfService?: boolean;

  /**
   * Self-service permissions (personal WorkSpaces only): all five are set,
   * each flag left out taking its default (restart on; the others as
   * `enableSelfService`).
   *
   * @default - the service's defaults on create; a deploy leaves the directory's permissions as they are
   */
  readonly selfServicePermissions?: SelfServicePermissions;

  /** Streaming settings. @default - the service's defaults */
  readonly streaming?: StreamingSettings;

  /**
   * Rules of an IP access control group created for the directory and
   * associated with it: at most 10 (the WorkSpaces quota of rules per IP
   * access control group), each an IPv4 address or CIDR range.
   *
   * @default - no group created
   */
  readonly ipAccessRules?: IpAccessRule[];

  /** Existing IP access control groups (`wsipg-…`) to associate. @default - none */
  readonly ipGroupIds?: string[];

  /**
   * Create the account's `workspaces_DefaultRole` (see `WorkspacesDefaultRole`),
   * with AmazonWorkSpacesPoolServiceAccess only for a pools directory
   * (`DirectoryIdentity.customerManaged`).
   * Only one can exist per account: leave this off when the account has it.
   *
   * @default false
   */
  readonly createDefaultRole?: boolean;

  /**
   * How long registering or deregistering a Directory Service directory may
   * take before it fails (deregistration waits for pools and WorkSpaces that
   * still use the directory). Directory Service directories only. At most the
   * provider's total timeout minus one query interval.
   *
   * @default Duration.minutes(55)
   */
  readonly timeout?: Duration;

  /**
   * What happens to the registration when the directory leaves the stack.
   *
   * @default RemovalPolicy.DESTROY - the directory is deregistered from WorkSpaces (a Directory Service directory itself is kept)
   */
  readonly removalPolicy?: RemovalPolicy;
}
