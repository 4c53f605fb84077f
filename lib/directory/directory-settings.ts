import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';

/** Where a directory's WorkSpaces run: shared or dedicated hardware (BYOL). */
export enum Tenancy {
  /** WorkSpaces run on shared hardware. */
  SHARED = 'SHARED',
  /**
   * WorkSpaces run on hardware dedicated to your account; needed to bring your own Windows licenses (BYOL).
   *
   * @see https://docs.aws.amazon.com/workspaces/latest/adminguide/byol-windows-images.html
   */
  DEDICATED = 'DEDICATED',
}

/** How the directory's streaming endpoints encrypt. */
export enum EndpointEncryptionMode {
  /** Standard TLS encryption (the service's default). */
  STANDARD_TLS = 'STANDARD_TLS',
  /** FIPS 140-2 validated cryptography (AWS GovCloud (US) and US Regions that offer it). */
  FIPS_VALIDATED = 'FIPS_VALIDATED',
}

/** Whether SAML 2.0 sign-in is on. */
export enum SamlStatus {
  /** Users sign in through the SAML 2.0 identity provider only. */
  ENABLED = 'ENABLED',
  /** SAML, with directory credentials as a fallback. */
  ENABLED_WITH_DIRECTORY_LOGIN_FALLBACK = 'ENABLED_WITH_DIRECTORY_LOGIN_FALLBACK',
  /** SAML 2.0 sign-in is off: users sign in with their directory credentials. */
  DISABLED = 'DISABLED',
}

/** SAML 2.0 sign-in through your identity provider. */
export interface SamlSettings {
  /**
   * The identity provider's user access URL: 8-200 characters, `http(s)://...`.
   */
  readonly userAccessUrl: string;
  /** The relay state parameter name your identity provider uses. @default - the service's default (RelayState) */
  readonly relayStateParameterName?: string;
  /**
   * Whether SAML 2.0 sign-in is on, and whether directory credentials remain a fallback.
   *
   * @default SamlStatus.ENABLED
   */
  readonly status?: SamlStatus;
}

/** Certificate-based authentication (after SAML) with an AWS Private CA. */
export interface CertificateBasedAuthSettings {
  /** The private certificate authority that issues users' certificates. */
  readonly certificateAuthority: acmpca.ICertificateAuthority;
  /**
   * Turn certificate-based authentication on (`false` keeps the settings but turns it off).
   *
   * @default true
   */
  readonly enabled?: boolean;
}

/** Defaults for WorkSpaces launched in the directory. */
export interface WorkspaceCreationSettings {
  /** Give WorkSpaces internet access. @default - the service's default (off) */
  readonly enableInternetAccess?: boolean;
  /** The organizational unit for WorkSpaces' computer accounts, e.g. `OU=WorkSpaces,DC=corp,DC=example,DC=com`. @default - the directory's default */
  readonly defaultOu?: string;
  /** A security group added to every WorkSpace. @default - none */
  readonly securityGroup?: ec2.ISecurityGroup;
  /** Users are local administrators of their WorkSpaces. Personal WorkSpaces only. @default - the service's default */
  readonly userEnabledAsLocalAdministrator?: boolean;
  /** Maintenance mode for AlwaysOn WorkSpaces. Personal WorkSpaces only. @default - the service's default */
  readonly enableMaintenanceMode?: boolean;
  /** The instance role of the WorkSpaces. @default - none */
  readonly instanceRole?: iam.IRole;
}

/** Which client devices may connect. A device left out keeps the service's default (allowed). */
export interface DeviceAccessSettings {
  /** Allow the WorkSpaces client for Windows. @default - the service's default */
  readonly windows?: boolean;
  /** Allow the WorkSpaces client for macOS. @default - the service's default */
  readonly macOs?: boolean;
  /** Allow Web Access (a web browser). @default - the service's default */
  readonly web?: boolean;
  /** Allow the WorkSpaces client for iOS. @default - the service's default */
  readonly ios?: boolean;
  /** Allow the WorkSpaces client for Android and Android-compatible ChromeOS devices. @default - the service's default */
  readonly android?: boolean;
  /** Allow the WorkSpaces client for Chromebooks. @default - the service's default */
  readonly chromeOs?: boolean;
  /** Allow the WorkSpaces client for Linux. @default - the service's default */
  readonly linux?: boolean;
  /** Allow zero client devices. @default - the service's default */
  readonly zeroClient?: boolean;
  /** Allow Amazon WorkSpaces Thin Client devices. @default - the service's default */
  readonly thinClient?: boolean;
}

/**
 * What users may do to their own personal WorkSpaces (not pools), through
 * the WorkSpaces client.
 *
 * Given, it sets all five capabilities on every deploy: a flag left out
 * takes the default below, so removing a flag turns it back to its default
 * instead of leaving it as an earlier deploy set it. The API reference
 * documents no default for a flag that is absent
 * (https://docs.aws.amazon.com/workspaces/latest/api/API_SelfservicePermissions.html),
 * and ModifySelfservicePermissions leaves such a flag as the directory has it.
 * Users may restart by default; the four other capabilities follow
 * `enableSelfService`, which turns them on or off together. Restart only
 * (with `enableSelfService` left out or false): `{}`, or
 * `{ restartWorkspace: true }`.
 *
 * @see https://docs.aws.amazon.com/workspaces/latest/adminguide/enable-user-self-service-workspace-management.html
 */
export interface SelfServicePermissions {
  /**
   * Users may restart (reboot) their WorkSpace.
   *
   * @default true
   */
  readonly restartWorkspace?: boolean;
  /**
   * Users may increase the size of their WorkSpace's root and user volumes.
   *
   * @default - the directory's `enableSelfService` (false when it is not given)
   */
  readonly increaseVolumeSize?: boolean;
  /**
   * Users may change their WorkSpace's compute type (bundle).
   *
   * @default - the directory's `enableSelfService` (false when it is not given)
   */
  readonly changeComputeType?: boolean;
  /**
   * Users may switch their WorkSpace between AlwaysOn and AutoStop.
   *
   * @default - the directory's `enableSelfService` (false when it is not given)
   */
  readonly switchRunningMode?: boolean;
  /**
   * Users may rebuild their WorkSpace's operating system to its original state.
   *
   * @default - the directory's `enableSelfService` (false when it is not given)
   */
  readonly rebuildWorkspace?: boolean;
}

/** The streaming protocol WorkSpaces prefer. */
export enum StreamingProtocol {
  /** Prefer streaming over TCP. */
  TCP = 'TCP',
  /** Prefer streaming over UDP. */
  UDP = 'UDP',
}

/** A user action that streaming settings allow or deny. */
export enum StreamingAction {
  /** Paste into the WorkSpace from the local device. */
  CLIPBOARD_COPY_FROM_LOCAL_DEVICE = 'CLIPBOARD_COPY_FROM_LOCAL_DEVICE',
  /** Copy from the WorkSpace to the local device. */
  CLIPBOARD_COPY_TO_LOCAL_DEVICE = 'CLIPBOARD_COPY_TO_LOCAL_DEVICE',
  /** Print from the WorkSpace to a printer attached to the local device. */
  PRINTING_TO_LOCAL_DEVICE = 'PRINTING_TO_LOCAL_DEVICE',
  /** Use a smart card attached to the local device inside the WorkSpace. */
  SMART_CARD = 'SMART_CARD',
}

/** One streaming user setting. */
export interface StreamingUserSetting {
  /** The user action this setting allows or denies. */
  readonly action: StreamingAction;
  /** Whether users may perform `action`. */
  readonly enabled: boolean;
  /** For clipboard actions: the most characters one copy may carry. @default - no limit */
  readonly maximumLength?: number;
}

/** Streaming settings of the directory's WorkSpaces. */
export interface StreamingSettings {
  /** The protocol WorkSpaces stream over when they can choose. @default - the service's default */
  readonly preferredProtocol?: StreamingProtocol;
  /** Which user actions (clipboard, printing, smart cards) are allowed. @default - the service's defaults */
  readonly userSettings?: StreamingUserSetting[];
  /** Turn the home folder storage connector on or off. @default - the service's default */
  readonly homeFolder?: boolean;
}
