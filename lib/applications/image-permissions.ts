import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { acknowledgeNagFindings, nagResource } from '../private/nag';
import { NAG_FINDINGS } from '../private/nag-findings';
import { WorkspacesProvider } from '../private/provider';

/**
 * The statements the shared provider's role needs for the stack's imported
 * WorkSpaces Applications images, added once per provider (the pass-role
 * and bundle statements once per role and per provider).
 *
 * The Service Authorization Reference, "Actions, resources, and condition
 * keys for Amazon AppStream 2.0"
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonappstream2.0.html),
 * defines the `image` resource type,
 * `arn:${Partition}:appstream:${Region}:${Account}:image/${ImageName}`, with
 * the aws:ResourceTag condition key; its operations table lists
 * appstream:TagResource beside the create actions that take tags and
 * iam:PassRole with iam:PassedToService appstream.amazonaws.com beside those
 * that pass a role (CreateFleet, CreateImageBuilder). CreateImportedImage,
 * DeleteImage and the tag actions (TagResource, UntagResource,
 * ListTagsForResource) are scoped to image ARNs here; the reference's row
 * for CreateImportedImage (an action added in 2025) was not in the copy we
 * could read, so the first deploy against the live service is what confirms
 * that scope. DescribeImages is granted on `*`: it describes public and
 * shared images too, and the handler reads images by name before it knows
 * their ARN (a retried create, a cancelled create's cleanup).
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
    const anyImage = Stack.of(provider).formatArn({ service: 'appstream', resource: 'image', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
    provider.addToRolePolicy(new iam.PolicyStatement({
      actions: ['appstream:CreateImportedImage', 'appstream:DeleteImage', 'appstream:TagResource', 'appstream:UntagResource', 'appstream:ListTagsForResource'],
      resources: [anyImage],
    }));
    provider.addToRolePolicy(new iam.PolicyStatement({ actions: ['appstream:DescribeImages'], resources: ['*'] }));
    acknowledgeNagFindings(provider.role, NAG_FINDINGS.imageDescribeOnAnyResource, ['Resource::*']);
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
