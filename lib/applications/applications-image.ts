import { createHash } from 'crypto';
import { ArnFormat, CustomResource, Duration, IResource, ITaggable, Lazy, Names, RemovalPolicy, Resource, Stack, TagManager, TagType, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { grantImageHandler } from './image-permissions';
import { ImageSource, ImageSourceConfig, ImageSourceKind } from './image-source';
import {
  AMI_ID, APP_DISPLAY_NAME, APP_NAME, APP_PATH_MAX, BUNDLE_ID, DESCRIPTION_MAX, DISPLAY_NAME_MAX, IMAGE_NAME, IMAGE_NAME_MAX,
  LAUNCH_PARAMETERS_MAX, validateLength, validateMatch, WORKSPACE_IMAGE_ID,
} from './image-validation';
import { validationError } from '../private/errors';
import { WorkspacesProvider } from '../private/provider';
import { rejectReservedTags } from '../private/reserved-tags';
import { APPLICATIONS_IMAGE_RESOURCE_TYPE } from '../private/resource-types';
import { operationTimeout } from '../private/timeouts';

/** A WorkSpaces Applications (formerly AppStream 2.0) image. */
export interface IApplicationsImage extends IResource {
  /** The image name. @attribute */
  readonly imageName: string;
  /** The image ARN. @attribute */
  readonly imageArn: string;
}

/** Which WorkSpaces Applications agent an imported image runs. */
export enum AgentSoftwareVersion {
  /** The agent available when the image is imported. */
  CURRENT_LATEST = 'CURRENT_LATEST',
  /** The newest agent, updated as new versions are released. */
  ALWAYS_LATEST = 'ALWAYS_LATEST',
}

/** An application of an imported image's catalog (`ApplicationConfig`). */
export interface ImageApplication {
  /** Unique in the catalog: 1-100 letters, digits, `_ . -`, starting with a letter or digit. */
  readonly name: string;
  /** The absolute path of the executable, e.g. `C:\\Windows\\System32\\notepad.exe`. */
  readonly absoluteAppPath: string;
  /** The name users see: 1-100 letters, digits, spaces, `_ . -`. @default - the service shows `name` */
  readonly displayName?: string;
  /** The absolute path of the icon (PNG). @default - the icon of the executable */
  readonly absoluteIconPath?: string;
  /** The absolute path of the application's prewarm manifest. @default - none */
  readonly absoluteManifestPath?: string;
  /** The working directory. @default - the service's default */
  readonly workingDirectory?: string;
  /** Launch parameters, at most 1024 characters. @default - none */
  readonly launchParameters?: string;
}

/** Properties of an `ApplicationsImage`. */
export interface ApplicationsImageProps {
  /** What the image is imported from. Changing it imports a new image (see `imageName`). */
  readonly source: ImageSource;

  /**
   * The image name, unique in the account and Region: 1-100 letters, digits,
   * `_ . -`, starting with a letter or digit. An imported image cannot be
   * changed, so a change to any prop but `tags` or `timeout` imports a new
   * image under a new name, then CloudFormation deletes the old one: with
   * a name of your own, change the name together with the other props
   * (the deploy fails, changing nothing, if you do not).
   *
   * @default - a name generated from the construct path and a hash of the import's props, so a change of the props gives a new name
   */
  readonly imageName?: string;

  /** A description, at most 256 characters. @default - none */
  readonly description?: string;

  /** The name shown in the console, at most 100 characters. @default - none */
  readonly displayName?: string;

  /**
   * Run the service's runtime validation on this instance type (a streaming
   * test before the image becomes AVAILABLE), e.g. `stream.standard.medium`;
   * use the instance type of the fleet.
   *
   * @default - no runtime validation
   */
  readonly runtimeValidationInstanceType?: string;

  /** The agent the image runs. @default - the service's default */
  readonly agentSoftwareVersion?: AgentSoftwareVersion;

  /** The applications users can launch from the image. @default - no catalog */
  readonly appCatalog?: ImageApplication[];

  /**
   * How long the import may take before the deploy fails with the last
   * state seen. At most the provider's total timeout minus one query
   * interval (59.5 minutes with the defaults).
   *
   * @default Duration.minutes(55)
   */
  readonly timeout?: Duration;

  /**
   * What happens to the imported image when it leaves the stack (or is
   * replaced). The image is a copy: its source (the WorkSpaces image, AMI or
   * bundle) is never touched, and importing it again makes the same image.
   *
   * @default RemovalPolicy.DESTROY - the imported image is deleted; a fleet still using it makes the delete fail with the fleet to change
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A WorkSpaces Applications (formerly AppStream 2.0) image imported from a
 * WorkSpaces Pools image, an EC2 AMI or a Pools bundle's image: the way out
 * of WorkSpaces Pools, which ends support on 2027-12-31.
 *
 * A Lambda-backed custom resource (`Custom::ApplicationsImage`):
 * CloudFormation has no resource for an imported image. The deploy checks
 * the import first (`DryRun`), imports it, and completes once the image is
 * AVAILABLE; a FAILED import fails the deploy with the service's reasons.
 */
export class ApplicationsImage extends Resource implements IApplicationsImage, ITaggable {
  /**
   * Refers to an existing image of this account and Region by its name.
   *
   * @param scope the construct the reference is defined in
   * @param id its id, unique within scope
   * @param imageName the image name
   */
  public static fromImageName(scope: Construct, id: string, imageName: string): IApplicationsImage {
    if (!Token.isUnresolved(imageName) && !IMAGE_NAME.test(imageName)) {
      throw validationError(scope, `\`imageName\` must be 1-${IMAGE_NAME_MAX} letters, digits, '_', '.' and '-', starting with a letter or digit (${IMAGE_NAME.source}), got '${imageName}'`, id);
    }
    const imageArn = Stack.of(scope).formatArn({ service: 'appstream', resource: 'image', resourceName: imageName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
    return ApplicationsImage.imported(scope, id, imageName, imageArn);
  }

  /**
   * Refers to an existing image by its ARN (one of this account, or a public
   * or shared image).
   *
   * @param scope the construct the reference is defined in
   * @param id its id, unique within scope
   * @param imageArn the image ARN (`arn:<partition>:appstream:<region>:<account>:image/<name>`)
   */
  public static fromImageArn(scope: Construct, id: string, imageArn: string): IApplicationsImage {
    const parts = Stack.of(scope).splitArn(imageArn, ArnFormat.SLASH_RESOURCE_NAME);
    const comparable = !Token.isUnresolved(imageArn);
    if (comparable && (parts.service !== 'appstream' || parts.resource !== 'image' || !parts.resourceName)) {
      throw validationError(scope, `\`imageArn\` must be a WorkSpaces Applications image ARN (arn:<partition>:appstream:<region>:<account>:image/<name>), got '${imageArn}'`, id);
    }
    return ApplicationsImage.imported(scope, id, parts.resourceName!, imageArn);
  }

  private static imported(scope: Construct, id: string, imageName: string, imageArn: string): IApplicationsImage {
    class Import extends Resource implements IApplicationsImage {
      public readonly imageName = imageName;
      public readonly imageArn = imageArn;
    }
    return new Import(scope, id, { environmentFromArn: imageArn });
  }

  /** The image name. @attribute */
  public readonly imageName: string;
  /** The image ARN. @attribute */
  public readonly imageArn: string;
  /** Tags applied to the image (also through `Tags.of(scope)`); changed in place. */
  public readonly tags: TagManager;

  /**
   * @param scope the construct this one is defined in
   * @param id its id, unique within scope
   * @param props the source and settings of the import
   */
  constructor(scope: Construct, id: string, props: ApplicationsImageProps) {
    super(scope, id, { physicalName: props.imageName });

    const source = props.source.bind(this);
    // Validate everything before creating anything.
    validateMatch(this, 'imageName', props.imageName, IMAGE_NAME, `1-${IMAGE_NAME_MAX} letters, digits, '_', '.' and '-', starting with a letter or digit`);
    validateLength(this, 'description', props.description, 1, DESCRIPTION_MAX);
    validateLength(this, 'displayName', props.displayName, 1, DISPLAY_NAME_MAX);
    validateLength(this, 'runtimeValidationInstanceType', props.runtimeValidationInstanceType, 1, 255);
    validateSource(this, source);
    (props.appCatalog ?? []).forEach((app, i) => validateApplication(this, app, i));
    validateUniqueApplications(this, props.appCatalog ?? []);
    const timeout = operationTimeout(this, props.timeout, WorkspacesProvider.timings(this));
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.DESTROY;
    if (removalPolicy !== RemovalPolicy.DESTROY && removalPolicy !== RemovalPolicy.RETAIN) {
      throw validationError(this, `\`removalPolicy\` must be DESTROY or RETAIN (an image has no snapshot), got ${removalPolicy}`);
    }

    this.tags = new TagManager(TagType.KEY_VALUE, APPLICATIONS_IMAGE_RESOURCE_TYPE);
    rejectReservedTags(this, this.tags);

    const provider = WorkspacesProvider.getOrCreate(this);
    grantImageHandler(provider, { passRole: source.role, readsBundles: source.kind === ImageSourceKind.POOL_BUNDLE });

    const importProperties = {
      WorkspaceImageId: source.workspaceImageId,
      SourceAmiId: source.sourceAmiId,
      IamRoleArn: source.role?.roleArn,
      BundleId: source.bundleId,
      Description: props.description,
      DisplayName: props.displayName,
      IntendedInstanceType: props.runtimeValidationInstanceType,
      AgentSoftwareVersion: props.agentSoftwareVersion,
      AppCatalog: props.appCatalog?.map(app => ({
        Name: app.name,
        DisplayName: app.displayName,
        AbsoluteAppPath: app.absoluteAppPath,
        AbsoluteIconPath: app.absoluteIconPath,
        AbsoluteManifestPath: app.absoluteManifestPath,
        WorkingDirectory: app.workingDirectory,
        LaunchParameters: app.launchParameters,
      })),
    };
    const imageName = props.imageName ?? defaultImageName(this, importProperties);

    const resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: APPLICATIONS_IMAGE_RESOURCE_TYPE,
      removalPolicy,
      properties: {
        ImageName: imageName,
        ...importProperties,
        Tags: Lazy.any({ produce: () => this.tags.renderTags() }, { omitEmptyArray: true }),
        TimeoutSeconds: timeout.toSeconds(),
      },
    });
    if (source.role) {
      // The role and its policy exist before the import passes it, and outlive the image's delete.
      resource.node.addDependency(source.role);
    }

    this.imageName = resource.getAttString('ImageName');
    this.imageArn = resource.getAttString('ImageArn');
  }
}

function validateSource(scope: ApplicationsImage, source: ImageSourceConfig): void {
  switch (source.kind) {
    case ImageSourceKind.WORKSPACES_IMAGE:
      return validateMatch(scope, 'source', source.workspaceImageId, WORKSPACE_IMAGE_ID, 'a WorkSpaces image id (ImageSource.workspacesImage)');
    case ImageSourceKind.AMI:
      return validateMatch(scope, 'source', source.sourceAmiId, AMI_ID, 'an EC2 AMI id (ImageSource.ami)');
    case ImageSourceKind.POOL_BUNDLE:
      return validateMatch(scope, 'source', source.bundleId, BUNDLE_ID, 'a WorkSpaces bundle id (ImageSource.poolBundle)');
    default:
      throw validationError(scope, `\`source\` must be made by ImageSource.workspacesImage, ImageSource.ami or ImageSource.poolBundle, got kind '${String(source.kind)}'`);
  }
}

function validateApplication(scope: ApplicationsImage, app: ImageApplication, index: number): void {
  const prop = (member: string) => `appCatalog[${index}].${member}`;
  validateMatch(scope, prop('name'), app.name, APP_NAME, "1-100 letters, digits, '_', '.' and '-', starting with a letter or digit");
  validateMatch(scope, prop('displayName'), app.displayName, APP_DISPLAY_NAME, "1-100 letters, digits, spaces, '_', '.' and '-', starting with a letter or digit");
  validateLength(scope, prop('absoluteAppPath'), app.absoluteAppPath, 1, APP_PATH_MAX);
  validateLength(scope, prop('absoluteIconPath'), app.absoluteIconPath, 1, APP_PATH_MAX);
  validateLength(scope, prop('absoluteManifestPath'), app.absoluteManifestPath, 1, APP_PATH_MAX);
  validateLength(scope, prop('workingDirectory'), app.workingDirectory, 0, APP_PATH_MAX);
  validateLength(scope, prop('launchParameters'), app.launchParameters, 0, LAUNCH_PARAMETERS_MAX);
}

function validateUniqueApplications(scope: ApplicationsImage, apps: readonly ImageApplication[]): void {
  const seen = new Set<string>();
  for (const app of apps) {
    if (Token.isUnresolved(app.name)) continue;
    if (seen.has(app.name)) {
      throw validationError(scope, `\`appCatalog\` names must be unique in the catalog, got '${app.name}' twice`);
    }
    seen.add(app.name);
  }
}

/**
 * A unique name from the construct path (stack name included) and a hash of
 * what the import is made of: an imported image cannot change, so new
 * import props make a new name, and CloudFormation replaces the image.
 */
function defaultImageName(image: ApplicationsImage, importProperties: Record<string, unknown>): string {
  const resolved = JSON.stringify(Stack.of(image).resolve(importProperties));
  const hash = createHash('sha256').update(resolved).digest('hex').slice(0, 8);
  const base = Names.uniqueResourceName(image, { maxLength: IMAGE_NAME_MAX - hash.length - 1, allowedSpecialCharacters: '_.-' });
  return `${base}-${hash}`;
}
