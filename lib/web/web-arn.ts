import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { validationError } from '../private/errors';

/**
 * Checks the ARN of an existing WorkSpaces Secure Browser settings resource:
 * `arn:<partition>:workspaces-web:<region>:<account>:<resourceType>/<id>`
 * (a 36-character id), at most 2048 characters, as the CloudFormation
 * schemas give them. Unresolved tokens are skipped.
 *
 * @param scope where the import is made, and `childId` the id of the import under it
 * @param prop the prop named in the message (`trustStoreArn`)
 * @param label what the ARN is, in words (`trust store`)
 * @param resourceType the ARN's resource type (`trustStore`)
 */
export function validateSecureBrowserArn(scope: IConstruct, childId: string, prop: string, label: string, resourceType: string, arn: string): void {
  if (Token.isUnresolved(arn)) return;
  const pattern = new RegExp(`^arn:[\\w+=/,.@-]+:workspaces-web:[a-zA-Z0-9-]*:[a-zA-Z0-9]{1,12}:${resourceType}\\/[a-fA-F0-9-]{36}$`);
  if (arn.length > 2048 || !pattern.test(arn)) {
    throw validationError(scope,
      `\`${prop}\` must be a WorkSpaces Secure Browser ${label} ARN (arn:<partition>:workspaces-web:<region>:<account>:${resourceType}/<id>), got '${arn}'`,
      childId,
    );
  }
}
