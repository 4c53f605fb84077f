import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { acknowledgeNagFindings, nagResource } from '../private/nag';
import { NAG_FINDINGS } from '../private/nag-findings';
import { WorkspacesProvider } from '../private/provider';
import { STACK_ID_TAG } from '../private/reserved-tags';

/**
 * The statements the shared provider's role needs for the stack's imported
 * WorkSpaces Applications images, added once per provider (the pass-role
 * and bundle statements once per role and per provider).
 *
 * The Service Authorization Reference, "Actions, resources, and condition
 * keys for Amazon AppStream 2.0"
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonappstream2.0.html;
 * machine-readable: https://servicereference.us-east-1.amazonaws.com/v1/appstream/appstream.json),
 * defines the `image` resource type,
 * `arn:${Partition}:appstream:${Region}:${Account}:image/${ImageName}`, with
 * the aws:ResourceTag condition key, and lists:
 * - CreateImportedImage with no resource type (so `*` only) and the
 *   aws:RequestTag and aws:TagKeys condition keys: allowed on `*` only when
 *   the request tags the new image with this stack's id (`STACK_ID_TAG`,
 *   which the handler puts on every image it imports), so the role cannot
 *   import images for anything but this stack;
 * - DeleteImage on `image*` with aws:ResourceTag: allowed on this account
 *   and Region's images that carry this stack's id;
 * - TagResource and UntagResource on `image` (among other types): scoped to
 *   this account and Region's images (not conditioned on the stack tag, since
 *   the import tags an image that does not exist yet);
 * - DescribeImages and ListTagsForResource with no resource type: `*` only.
 *   The handler reads images by name before it knows their ARN (a retried
 *   create, a cancelled create's cleanup) and reads their tags to check whose
 *   they are before it changes them.
 *
 * Image names are scoped to this account and Region's `image/*`, not to the
 * image's own name: when a name changes, CloudFormation deletes the old
 * image after the update, under the new template's policy, which must still
 * allow it. The handler acts only on images its ownership tag names.
 */
interface ImageStatements {
  readonly passedRoles: Set<string>;
  bundles: boolean;
}

const STATEMENTS = new WeakMap<WorkspacesProvider, ImageStatements>();

export interface ImageGrantOptions {
  /** The role CreateImportedImage passes (an AMI source). */
  readonly passRole?: iam.IRole;
  /** The source is a bundle: the handler reads it with DescribeWorkspaceBundles. */
  readonly readsBundles?: boolean;
}

export function grantImageHandler(provider: WorkspacesProvider, options: ImageGrantOptions): void {
  let statements = STATEMENTS.get(provider);
  if (!statements) {
    const stack = Stack.of(provider);
    const anyImage = stack.formatArn({ service: 'appstream', resource: 'image', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
    const ofThisStack = (key: 'aws:RequestTag' | 'aws:ResourceTag') => ({ StringEquals: { [`${key}/${STACK_ID_TAG}`]: stack.stackId } });
    provider.addToRolePolicy(new iam.PolicyStatement({
      actions: ['appstream:CreateImportedImage'],
      resources: ['*'],
      conditions: ofThisStack('aws:RequestTag'),
    }));
    provider.addToRolePolicy(new iam.PolicyStatement({ actions: ['appstream:DeleteImage'], resources: [anyImage], conditions: ofThisStack('aws:ResourceTag') }));
    provider.addToRolePolicy(new iam.PolicyStatement({ actions: ['appstream:TagResource', 'appstream:UntagResource'], resources: [anyImage] }));
    provider.addToRolePolicy(new iam.PolicyStatement({ actions: ['appstream:DescribeImages', 'appstream:ListTagsForResource'], resources: ['*'] }));
    acknowledgeNagFindings(provider.role, NAG_FINDINGS.imageActionsOnAnyResource, ['Resource::*']);
    acknowledgeNagFindings(provider.role, NAG_FINDINGS.imageActionsOnAnyImage, [nagResource(provider, anyImage)]);
    statements = { passedRoles: new Set(), bundles: false };
    STATEMENTS.set(provider, statements);
  }
  if (options.passRole) {
    const key = JSON.stringify(Stack.of(provider).resolve(options.passRole.roleArn));
    if (!statements.passedRoles.has(key)) {
      statements.passedRoles.add(key);
      provider.addToRolePolicy(new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [options.passRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'appstream.amazonaws.com' } },
      }));
    }
  }
  if (options.readsBundles && !statements.bundles) {
    statements.bundles = true;
    // DescribeWorkspaceBundles takes '*' only (Service Authorization Reference, Amazon WorkSpaces; see pool-permissions).
    provider.addToRolePolicy(new iam.PolicyStatement({ actions: ['workspaces:DescribeWorkspaceBundles'], resources: ['*'] }));
  }
}
