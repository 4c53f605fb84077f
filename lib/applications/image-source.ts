import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeNagFindings } from '../private/nag';
import { NAG_FINDINGS } from '../private/nag-findings';

/** What an `ApplicationsImage` imports. */
export enum ImageSourceKind {
  /** A WorkSpaces image (`wsi-…`), e.g. the image of a WorkSpaces Pools bundle. */
  WORKSPACES_IMAGE = 'WORKSPACES_IMAGE',
  /** An EC2 AMI (`ami-…`), read by WorkSpaces Applications through an IAM role. */
  AMI = 'AMI',
  /** The image of a WorkSpaces bundle (`wsb-…`), looked up when the stack deploys. */
  POOL_BUNDLE = 'POOL_BUNDLE',
}

/** What an `ImageSource` binds to: the `CreateImportedImage` source fields. */
export interface ImageSourceConfig {
  /** The kind of source. */
  readonly kind: ImageSourceKind;
  /**
   * The WorkSpaces image id (`wsi-…`), sent as `WorkspaceImageId`.
   *
   * @default - none: not a WorkSpaces image
   */
  readonly workspaceImageId?: string;
  /**
   * The EC2 AMI id (`ami-…`), sent as `SourceAmiId`.
   *
   * @default - none: not an AMI
   */
  readonly sourceAmiId?: string;
  /**
   * The role WorkSpaces Applications assumes to read the AMI, sent as `IamRoleArn`.
   *
   * @default - none: not an AMI
   */
  readonly role?: iam.IRole;
  /**
   * The WorkSpaces bundle (`wsb-…`) whose image is imported; the image id is
   * read with DescribeWorkspaceBundles when the stack deploys.
   *
   * @default - none: not a bundle
   */
  readonly bundleId?: string;
}

/**
 * The image an `ApplicationsImage` imports: a WorkSpaces (Pools) image, an
 * EC2 AMI, or the image of a WorkSpaces Pools bundle. Imports are made with
 * WorkSpaces Applications' `CreateImportedImage`
 * (https://docs.aws.amazon.com/appstream2/latest/APIReference/API_CreateImportedImage.html),
 * which takes either `WorkspaceImageId` or `SourceAmiId` with `IamRoleArn`.
 */
export abstract class ImageSource {
  /**
   * A WorkSpaces image, such as the custom image a WorkSpaces Pools bundle
   * was built from.
   *
   * @param imageId the image id (`wsi-…`)
   */
  public static workspacesImage(imageId: string): ImageSource {
    return new class extends ImageSource {
      public bind(_scope: Construct): ImageSourceConfig {
        return { kind: ImageSourceKind.WORKSPACES_IMAGE, workspaceImageId: imageId };
      }
    }();
  }

  /**
   * An EC2 AMI. WorkSpaces Applications reads it through an IAM role that
   * appstream.amazonaws.com may assume, with permission to describe the image
   * and modify its attributes (the `IamRoleArn` of CreateImportedImage).
   *
   * @param amiId the AMI id (`ami-…`)
   * @param role the role WorkSpaces Applications assumes; default: a role made for this image, trusted by
   *   appstream.amazonaws.com, allowed ec2:DescribeImages and ec2:ModifyImageAttribute on this AMI only
   */
  public static ami(amiId: string, role?: iam.IRole): ImageSource {
    return new class extends ImageSource {
      public bind(scope: Construct): ImageSourceConfig {
        return { kind: ImageSourceKind.AMI, sourceAmiId: amiId, role: role ?? importRole(scope, amiId) };
      }
    }();
  }

  /**
   * The image of a WorkSpaces Pools bundle, looked up when the stack deploys
   * (DescribeWorkspaceBundles), so the import follows the bundle a pool uses.
   * Changing the bundle's image afterwards does not re-import: change the
   * image's name (or source) to import again.
   *
   * @param bundleId the bundle id (`wsb-…`)
   */
  public static poolBundle(bundleId: string): ImageSource {
    return new class extends ImageSource {
      public bind(_scope: Construct): ImageSourceConfig {
        return { kind: ImageSourceKind.POOL_BUNDLE, bundleId };
      }
    }();
  }

  /**
   * What the source is, for the image that imports it.
   *
   * @param scope the image that imports this source (a role made for an AMI is created under it)
   */
  public abstract bind(scope: Construct): ImageSourceConfig;
}

/**
 * The role WorkSpaces Applications assumes to import an AMI: "permissions to
 * modify image attributes and describe images, with a trust relationship
 * allowing appstream.amazonaws.com to assume the role" (CreateImportedImage,
 * IamRoleArn).
 */
function importRole(scope: Construct, amiId: string): iam.IRole {
  const role = new iam.Role(scope, 'ImportRole', {
    assumedBy: new iam.ServicePrincipal('appstream.amazonaws.com'),
    description: 'Lets WorkSpaces Applications read the AMI it imports (cdk-workspaces-constructs ApplicationsImage)',
  });
  // ec2:DescribeImages takes no resource type (Service Authorization Reference, Amazon EC2): '*' only.
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ec2:DescribeImages'], resources: ['*'] }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['ec2:ModifyImageAttribute'],
    // AMIs have no account in their ARN: arn:${Partition}:ec2:${Region}::image/${ImageId}.
    resources: [Stack.of(scope).formatArn({ service: 'ec2', account: '', resource: 'image', resourceName: amiId, arnFormat: ArnFormat.SLASH_RESOURCE_NAME })],
  }));
  acknowledgeNagFindings(role, NAG_FINDINGS.amiImportRoleDescribeImages, ['Resource::*']);
  return role;
}
