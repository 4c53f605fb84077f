import * as directoryservice from 'aws-cdk-lib/aws-directoryservice';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, IConstruct } from 'constructs';

/** How a directory's users are identified, which decides how it is registered. */
export enum DirectoryIdentityKind {
  /** An existing AWS Directory Service directory (`d-…`), registered by a custom resource. */
  DIRECTORY_SERVICE = 'DIRECTORY_SERVICE',
  /** A WorkSpaces Pools directory: users sign in through SAML 2.0 (customer-managed identity). */
  CUSTOMER_MANAGED = 'CUSTOMER_MANAGED',
  /** Personal WorkSpaces for IAM Identity Center users. */
  IAM_IDENTITY_CENTER = 'IAM_IDENTITY_CENTER',
  /** Personal WorkSpaces for Microsoft Entra ID users, through IAM Identity Center. */
  MICROSOFT_ENTRA = 'MICROSOFT_ENTRA',
}

/** Domain join of a pools directory's WorkSpaces. */
export interface ActiveDirectorySettings {
  /** The fully qualified domain name, e.g. `corp.example.com`. */
  readonly domainName: string;
  /** The secret holding the service account's `username` and `password`. Never a plain string. */
  readonly serviceAccountSecret: secretsmanager.ISecret;
}

/** Options of a pools (customer-managed identity) directory. */
export interface CustomerManagedIdentityOptions {
  /** Join the pool's WorkSpaces to an Active Directory domain. @default - not domain-joined */
  readonly activeDirectory?: ActiveDirectorySettings;
}

/** Options of a Microsoft Entra ID directory. */
export interface MicrosoftEntraIdentityOptions {
  /** The IAM Identity Center instance connected to Entra ID. */
  readonly identityCenterInstanceArn: string;
  /** The Entra ID tenant id. */
  readonly tenantId: string;
  /** The secret holding the Entra application's configuration. */
  readonly applicationConfigSecret: secretsmanager.ISecret;
}

/** What a `DirectoryIdentity` binds to: the kind of directory and what registering it takes. */
export interface DirectoryIdentityConfig {
  /** How the directory's users are identified. */
  readonly kind: DirectoryIdentityKind;
  /**
   * The Directory Service directory id (`d-…`).
   *
   * @default - none: not a Directory Service directory
   */
  readonly directoryId?: string;
  /**
   * Domain join of a pools directory's WorkSpaces.
   *
   * @default - not domain-joined
   */
  readonly activeDirectory?: ActiveDirectorySettings;
  /**
   * The IAM Identity Center instance ARN (Identity Center and Entra directories).
   *
   * @default - none
   */
  readonly identityCenterInstanceArn?: string;
  /**
   * The Entra ID tenant id.
   *
   * @default - none: not an Entra directory
   */
  readonly tenantId?: string;
  /**
   * The secret holding the Entra application's configuration.
   *
   * @default - none: not an Entra directory
   */
  readonly applicationConfigSecret?: secretsmanager.ISecret;
  /**
   * What the registration must wait for (a directory created in this app).
   *
   * @default - nothing
   */
  readonly dependency?: IConstruct;
}

/** How a directory's users are identified: pick one of the static factories. */
export class DirectoryIdentity {
  /** An existing AWS Directory Service directory (AWS Managed Microsoft AD, AD Connector, Simple AD), by id. */
  public static directoryService(directoryId: string): DirectoryIdentity {
    return new DirectoryIdentity({ kind: DirectoryIdentityKind.DIRECTORY_SERVICE, directoryId });
  }

  /** An AWS Managed Microsoft AD created in this app (`CfnMicrosoftAD`); registration waits until it accepts. */
  public static microsoftAd(directory: directoryservice.CfnMicrosoftAD): DirectoryIdentity {
    return new DirectoryIdentity({ kind: DirectoryIdentityKind.DIRECTORY_SERVICE, directoryId: directory.ref, dependency: directory });
  }

  /** A WorkSpaces Pools directory whose users sign in through SAML 2.0. */
  public static customerManaged(options: CustomerManagedIdentityOptions = {}): DirectoryIdentity {
    return new DirectoryIdentity({ kind: DirectoryIdentityKind.CUSTOMER_MANAGED, activeDirectory: options.activeDirectory });
  }

  /** Personal WorkSpaces for the users of an IAM Identity Center instance. */
  public static identityCenter(instanceArn: string): DirectoryIdentity {
    return new DirectoryIdentity({ kind: DirectoryIdentityKind.IAM_IDENTITY_CENTER, identityCenterInstanceArn: instanceArn });
  }

  /** Personal WorkSpaces for Microsoft Entra ID users. */
  public static microsoftEntra(options: MicrosoftEntraIdentityOptions): DirectoryIdentity {
    return new DirectoryIdentity({
      kind: DirectoryIdentityKind.MICROSOFT_ENTRA,
      identityCenterInstanceArn: options.identityCenterInstanceArn,
      tenantId: options.tenantId,
      applicationConfigSecret: options.applicationConfigSecret,
    });
  }

  private constructor(private readonly config: DirectoryIdentityConfig) {}

  /** The kind of directory and what registering it takes. */
  public bind(_scope: Construct): DirectoryIdentityConfig {
    return this.config;
  }
}
