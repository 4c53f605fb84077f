import { ArnFormat, CustomResource, Duration, IResource, ITaggable, Lazy, Names, RemovalPolicy, Resource, Stack, TagManager, TagType, Token, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as workspaces from 'aws-cdk-lib/aws-workspaces';
import { aws_workspaces as workspacesRefs } from 'aws-cdk-lib/interfaces';
import { Construct, IConstruct } from 'constructs';
import { DirectoryIdentityConfig, DirectoryIdentityKind } from './directory-identity';
import { DIRECTORY_MODIFY_ACTIONS, grantDirectoryRegistration } from './permissions';
import { renderDirectorySettings, RenderedDirectorySettings, validateDirectoryProps } from './render';
import { WorkspaceDirectoryProps } from './workspace-directory-props';
import { WorkspacesDefaultRole } from './workspaces-default-role';
import { validationError } from '../private/errors';
import { WorkspacesProvider } from '../private/provider';
import { rejectReservedTags } from '../private/reserved-tags';
import { DIRECTORY_REGISTRATION_RESOURCE_TYPE } from '../private/resource-types';
import { operationTimeout } from '../private/timeouts';

/**
 * A directory registered with Amazon WorkSpaces: a pools directory (`wsd-…`)
 * or a Directory Service directory (`d-…`).
 */
export interface IWorkspaceDirectory extends IResource, workspacesRefs.IDirectoryRef {
  /**
   * The directory id: `wsd-…` for pools, IAM Identity Center and Entra
   * directories, `d-…` for AWS Directory Service directories.
   *
   * @attribute
   */
  readonly directoryId: string;

  /**
   * The directory's ARN: `arn:<partition>:workspaces:<region>:<account>:directory/<directoryId>`.
   *
   * @attribute
   */
  readonly directoryArn: string;

  /** Grants the `workspaces:Modify*` actions that change this directory's settings. */
  grantModify(grantee: iam.IGrantable): iam.Grant;
  /** Grants `workspaces:DescribeWorkspaceDirectories` (authorized on `*` only). */
  grantRead(grantee: iam.IGrantable): iam.Grant;
}

/** What identifies an existing WorkSpaces directory. */
export interface WorkspaceDirectoryAttributes {
  /** The directory id (`wsd-…` or `d-…`). */
  readonly directoryId: string;
}

abstract class WorkspaceDirectoryBase extends Resource implements IWorkspaceDirectory {
  public abstract readonly directoryId: string;
  public abstract readonly directoryArn: string;

  public get directoryRef(): workspacesRefs.DirectoryReference {
    return { directoryArn: this.directoryArn };
  }

  public grantModify(grantee: iam.IGrantable): iam.Grant {
    // AssociateIpGroups and DisassociateIpGroups also need the IP group (workspaceipgroup) resource.
    const ipGroups = Stack.of(this).formatArn({ service: 'workspaces', resource: 'workspaceipgroup', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
    return iam.Grant.addToPrincipal({ grantee, actions: [...DIRECTORY_MODIFY_ACTIONS], resourceArns: [this.directoryArn] })
      .combine(iam.Grant.addToPrincipal({ grantee, actions: ['workspaces:AssociateIpGroups', 'workspaces:DisassociateIpGroups'], resourceArns: [ipGroups] }));
  }

  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions: ['workspaces:DescribeWorkspaceDirectories'], resourceArns: ['*'] });
  }
}

/**
 * `^(d-[0-9a-f]{8,63}$)|(wsd-[0-9a-z]{8,63}$)`: the DirectoryId pattern of the WorkSpaces API.
 * @see https://docs.aws.amazon.com/workspaces/latest/api/API_WorkspaceDirectory.html
 */
const DIRECTORY_ID = /^(d-[0-9a-f]{8,63}|wsd-[0-9a-z]{8,63})$/;

/**
 * A directory registered with Amazon WorkSpaces, of any kind, and usable once
 * the deploy finishes.
 *
 * - Pools (SAML), IAM Identity Center and Microsoft Entra directories are
 *   `AWS::WorkSpaces::Directory` resources (`CfnDirectory`).
 * - An existing AWS Directory Service directory (`d-…`) is registered by a
 *   Lambda-backed custom resource (`Custom::WorkspaceDirectoryRegistration`):
 *   `AWS::WorkSpaces::Directory` has no DirectoryId input. It waits
 *   REGISTERING → REGISTERED, applies the settings, and on removal
 *   deregisters and waits until the directory is gone.
 */
export class WorkspaceDirectory extends WorkspaceDirectoryBase implements ITaggable {
  /**
   * Refers to an existing registered directory by its id (`wsd-…` for pools).
   *
   * @param scope the construct the reference is defined in
   * @param id its id, unique within scope
   * @param directoryId the directory id: `wsd-…` or `d-…`
   */
  public static fromDirectoryId(scope: Construct, id: string, directoryId: string): IWorkspaceDirectory {
    return WorkspaceDirectory.fromDirectoryAttributes(scope, id, { directoryId });
  }

  /**
   * Refers to an existing registered directory.
   *
   * @param scope the construct the reference is defined in
   * @param id its id, unique within scope
   * @param attrs what identifies the directory
   */
  public static fromDirectoryAttributes(scope: Construct, id: string, attrs: WorkspaceDirectoryAttributes): IWorkspaceDirectory {
    validateDirectoryId(scope, attrs.directoryId, id);
    class Import extends WorkspaceDirectoryBase {
      public readonly directoryId = attrs.directoryId;
      public readonly directoryArn = directoryArnOf(scope, attrs.directoryId);
    }
    return new Import(scope, id);
  }

  public readonly directoryId: string;
  public readonly directoryArn: string;
  /** The registration code users enter in the WorkSpaces client. @attribute */
  public readonly registrationCode: string;
  /** The security group WorkSpaces created for the directory's WorkSpaces. */
  public readonly workspaceSecurityGroup: ec2.ISecurityGroup;
  /** How the directory's users are identified. */
  public readonly identityKind: DirectoryIdentityKind;
  /** The `workspaces_DefaultRole`, when `createDefaultRole` is true. */
  public readonly defaultRole?: WorkspacesDefaultRole;
  /** Tags of the directory (also through `Tags.of(scope)`). */
  public readonly tags: TagManager;
  /** The IP access control group made from `ipAccessRules`. */
  public readonly ipGroup?: workspaces.CfnWorkspaceIpGroup;

  /**
   * @param scope the construct this one is defined in
   * @param id its id, unique within scope
   * @param props the directory's identity and settings
   */
  constructor(scope: Construct, id: string, props: WorkspaceDirectoryProps) {
    super(scope, id);

    if (!props.vpc && props.vpcSubnets) {
      throw validationError(this, '`vpcSubnets` needs `vpc`, got vpcSubnets without vpc');
    }
    const subnetIds = props.vpc ? selectSubnets(props.vpc, props.vpcSubnets) : undefined;
    const identity = props.identity.bind(this);
    validateDirectoryProps(this, props, identity, subnetIds);
    const directoryService = identity.kind === DirectoryIdentityKind.DIRECTORY_SERVICE;
    if (!directoryService && props.timeout !== undefined) {
      throw validationError(this, `\`timeout\` applies to registering a Directory Service directory (DirectoryIdentity.directoryService or microsoftAd); CloudFormation waits for the other kinds, got timeout ${props.timeout.toHumanString()}`);
    }
    const timeout = directoryService ? operationTimeout(this, props.timeout, WorkspacesProvider.timings(this)) : undefined;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.DESTROY;
    if (removalPolicy !== RemovalPolicy.DESTROY && removalPolicy !== RemovalPolicy.RETAIN) {
      throw validationError(this, `\`removalPolicy\` must be DESTROY or RETAIN (a directory registration has no snapshot), got ${removalPolicy}`);
    }

    this.identityKind = identity.kind;

    if (props.createDefaultRole) {
      // AmazonWorkSpacesPoolServiceAccess only for a pools directory: personal WorkSpaces do not use it.
      this.defaultRole = new WorkspacesDefaultRole(this, 'DefaultRole', { pools: identity.kind === DirectoryIdentityKind.CUSTOMER_MANAGED });
    }
    if (props.ipAccessRules && props.ipAccessRules.length > 0) {
      this.ipGroup = new workspaces.CfnWorkspaceIpGroup(this, 'IpGroup', {
        groupName: Names.uniqueResourceName(this, { maxLength: 100 }),
        groupDesc: `IP access rules of ${this.node.path}`.slice(0, 255),
        userRules: props.ipAccessRules.map(r => ({ ipRule: r.cidr, ruleDesc: r.description })),
      });
    }
    const ipGroupIds = [...(props.ipGroupIds ?? []), ...(this.ipGroup ? [this.ipGroup.attrGroupId] : [])];
    const settings = renderDirectorySettings(props, ipGroupIds);

    if (directoryService) {
      this.tags = new TagManager(TagType.KEY_VALUE, DIRECTORY_REGISTRATION_RESOURCE_TYPE);
      rejectReservedTags(this, this.tags);
      const registered = this.registerDirectoryService(props, identity, subnetIds, settings, timeout!, removalPolicy);
      this.directoryId = registered.ref;
      this.registrationCode = registered.getAttString('RegistrationCode');
      this.workspaceSecurityGroup = ec2.SecurityGroup.fromSecurityGroupId(this, 'WorkspaceSecurityGroup', registered.getAttString('WorkspaceSecurityGroupId'));
    } else {
      const directory = this.createCfnDirectory(props, identity, subnetIds, settings, removalPolicy);
      // The L1's own tag manager: Tags.of reaches it, and so does `directory.tags`.
      this.tags = directory.cdkTagManager;
      this.directoryId = directory.attrDirectoryId;
      this.registrationCode = directory.attrRegistrationCode;
      this.workspaceSecurityGroup = ec2.SecurityGroup.fromSecurityGroupId(this, 'WorkspaceSecurityGroup', directory.attrWorkspaceSecurityGroupId);
    }
    this.directoryArn = directoryArnOf(this, this.directoryId);
  }

  private registerDirectoryService(
    props: WorkspaceDirectoryProps, identity: DirectoryIdentityConfig, subnets: ec2.ISubnet[] | undefined, settings: RenderedDirectorySettings,
    timeout: Duration, removalPolicy: RemovalPolicy,
  ): CustomResource {
    const provider = WorkspacesProvider.getOrCreate(this);
    const directoryId = identity.directoryId!;
    const ipGroupArns = settings.ipGroupIds?.map(ipGroupId => ipGroupArnOf(this, ipGroupId)) ?? [];
    grantDirectoryRegistration(provider, directoryArnOf(this, directoryId), settings, ipGroupArns);
    const resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: DIRECTORY_REGISTRATION_RESOURCE_TYPE,
      removalPolicy,
      properties: {
        DirectoryId: directoryId,
        SubnetIds: subnets?.map(s => s.subnetId),
        EnableSelfService: props.enableSelfService,
        Tenancy: props.tenancy,
        Tags: Lazy.any({ produce: () => this.tags.renderTags() }, { omitEmptyArray: true }),
        TimeoutSeconds: timeout.toSeconds(),
        WorkspaceCreationProperties: settings.workspaceCreation && pascal(settings.workspaceCreation),
        WorkspaceAccessProperties: settings.workspaceAccess && pascal(settings.workspaceAccess),
        SelfservicePermissions: settings.selfservicePermissions && pascal(settings.selfservicePermissions),
        SamlProperties: settings.saml && pascal(settings.saml),
        CertificateBasedAuthProperties: settings.certificateBasedAuth && pascal(settings.certificateBasedAuth),
        StreamingProperties: settings.streaming && pascal(settings.streaming),
        EndpointEncryptionMode: props.endpointEncryptionMode,
        IpGroupIds: settings.ipGroupIds,
      },
    });
    if (identity.dependency) resource.node.addDependency(identity.dependency);
    if (this.defaultRole) resource.node.addDependency(this.defaultRole);
    return resource;
  }

  private createCfnDirectory(
    props: WorkspaceDirectoryProps, identity: DirectoryIdentityConfig, subnets: ec2.ISubnet[] | undefined, settings: RenderedDirectorySettings,
    removalPolicy: RemovalPolicy,
  ): workspaces.CfnDirectory {
    const pools = identity.kind === DirectoryIdentityKind.CUSTOMER_MANAGED;
    const directory = new workspaces.CfnDirectory(this, 'Resource', {
      workspaceType: pools ? 'POOLS' : 'PERSONAL',
      userIdentityType: pools ? 'CUSTOMER_MANAGED' : 'AWS_IAM_IDENTITY_CENTER',
      workspaceDirectoryName: props.directoryName ?? defaultDirectoryName(this),
      workspaceDirectoryDescription: props.description ?? defaultDescription(this),
      subnetIds: subnets?.map(s => s.subnetId),
      tenancy: props.tenancy,
      enableSelfService: props.enableSelfService,
      endpointEncryptionMode: props.endpointEncryptionMode,
      idcInstanceArn: identity.identityCenterInstanceArn,
      microsoftEntraConfig: identity.kind === DirectoryIdentityKind.MICROSOFT_ENTRA
        ? { tenantId: identity.tenantId, applicationConfigSecretArn: identity.applicationConfigSecret!.secretArn }
        : undefined,
      activeDirectoryConfig: identity.activeDirectory
        ? { domainName: identity.activeDirectory.domainName, serviceAccountSecretArn: identity.activeDirectory.serviceAccountSecret.secretArn }
        : undefined,
      workspaceCreationProperties: settings.workspaceCreation,
      workspaceAccessProperties: settings.workspaceAccess,
      selfservicePermissions: settings.selfservicePermissions,
      samlProperties: settings.saml,
      certificateBasedAuthProperties: settings.certificateBasedAuth,
      streamingProperties: settings.streaming,
      ipGroupIds: settings.ipGroupIds,
    });
    directory.applyRemovalPolicy(removalPolicy);
    // aws-cdk-lib's template validation (the CloudFormation Validate plugin, run at synth) warns
    // "Unknown resource type 'AWS::WorkSpaces::Directory'" (F3006): the resource schemas bundled in
    // aws-cdk-lib 2.274 do not have the type, which CloudFormation supports
    // (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-workspaces-directory.html).
    // Acknowledged on this resource only (https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.Validations.html),
    // so every other finding, and F3006 anywhere else in the app, still shows.
    Validations.of(directory).acknowledge({
      id: UNKNOWN_RESOURCE_TYPE_FINDING,
      reason: 'AWS::WorkSpaces::Directory is a CloudFormation resource type the validator\'s bundled schemas do not have yet',
    });
    if (this.defaultRole) directory.node.addDependency(this.defaultRole);
    return directory;
  }
}

/** The finding of aws-cdk-lib's template validation for a resource type its schemas do not have. */
const UNKNOWN_RESOURCE_TYPE_FINDING = 'CloudFormation-Validate::F3006';

function validateDirectoryId(scope: IConstruct, directoryId: string, childId: string): void {
  if (!Token.isUnresolved(directoryId) && !DIRECTORY_ID.test(directoryId)) {
    throw validationError(scope, `\`directoryId\` must match ${DIRECTORY_ID.source} (wsd-… for a pools directory, d-… for a Directory Service directory), got '${directoryId}'`, childId);
  }
}

/**
 * The subnets: a selection the user made is taken as it is (and validated:
 * at most two, in different AZs); by default, two private subnets in
 * different Availability Zones.
 */
function selectSubnets(vpc: ec2.IVpc, selection: ec2.SubnetSelection | undefined): ec2.ISubnet[] {
  if (selection) {
    return vpc.selectSubnets(selection).subnets;
  }
  return vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, onePerAz: true }).subnets.slice(0, 2);
}

function ipGroupArnOf(scope: Construct, ipGroupId: string): string {
  return Stack.of(scope).formatArn({ service: 'workspaces', resource: 'workspaceipgroup', resourceName: ipGroupId, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
}

function directoryArnOf(scope: Construct, directoryId: string): string {
  return Stack.of(scope).formatArn({ service: 'workspaces', resource: 'directory', resourceName: directoryId, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
}

function defaultDirectoryName(scope: Construct): string {
  return Names.uniqueResourceName(scope, { maxLength: 65, allowedSpecialCharacters: '_.-' });
}

function defaultDescription(scope: Construct): string {
  return `Managed by cdk-workspaces-constructs for ${scope.node.path}`.replace(/[^a-zA-Z0-9_@#%*+=:?./!\s-]/g, '-').slice(0, 255);
}

/** camelCase keys (the L1's) to PascalCase (the API's), recursively. */
function pascal(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pascal);
  if (value && typeof value === 'object' && !Token.isUnresolved(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return Object.fromEntries(entries.map(([k, v]) => [k.charAt(0).toUpperCase() + k.slice(1), pascal(v)]));
  }
  return value;
}

