import { Annotations, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct, IConstruct } from 'constructs';
import { validationError } from '../private/errors';

/**
 * Customer managed keys of WorkSpaces Secure Browser settings: validation of
 * `CustomerManagedKey` / `AdditionalEncryptionContext` and the key policy
 * statement the service needs.
 *
 * Source: "Encryption at rest for Amazon WorkSpaces Secure Browser"
 * (https://docs.aws.amazon.com/workspaces-web/latest/adminguide/encryption-rest.html):
 * the key must be a symmetric encryption key; its key policy must allow the
 * service principal `workspaces-web.amazonaws.com` kms:DescribeKey,
 * GenerateDataKey, GenerateDataKeyWithoutPlaintext, Decrypt, ReEncryptTo and
 * ReEncryptFrom; before the resource exists the statement should be scoped
 * with `aws:SourceAccount` only (the resource ARN and encryption context do
 * not exist yet).
 */

/** The service principal of WorkSpaces Secure Browser. */
export const SECURE_BROWSER_PRINCIPAL = 'workspaces-web.amazonaws.com';

/** What the service does with a customer managed key (admin guide, "Encryption at rest"). */
export const SECURE_BROWSER_KEY_ACTIONS = [
  'kms:DescribeKey',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:Decrypt',
  'kms:ReEncryptTo',
  'kms:ReEncryptFrom',
];

/** Warning id when the key policy of an imported key cannot be changed. */
export const IMPORTED_KEY_WARNING = 'cdk-workspaces-constructs:secureBrowserImportedKey';

/** CloudFormation `CustomerManagedKey` pattern (same for every settings type). */
export const KEY_ARN = /^arn:[\w+=/,.@-]+:kms:[a-zA-Z0-9-]*:[a-zA-Z0-9]{1,12}:key\/[a-zA-Z0-9-]+$/;

/** `EncryptionContextMap`: keys and values of 0-131072 characters. */
export const MAX_ENCRYPTION_CONTEXT_LENGTH = 131072;

export function validateEncryptionKey(scope: IConstruct, key: kms.IKey | undefined): void {
  if (key === undefined || Token.isUnresolved(key.keyArn)) return;
  if (!KEY_ARN.test(key.keyArn)) {
    throw validationError(scope, `\`encryptionKey\` must be a KMS key (not an alias) with an ARN matching ${KEY_ARN.source}, got '${key.keyArn}'`);
  }
}

export function validateEncryptionContext(scope: IConstruct, context: Record<string, string> | undefined): void {
  if (context === undefined) return;
  for (const [k, v] of Object.entries(context)) {
    if (!Token.isUnresolved(k) && k.length > MAX_ENCRYPTION_CONTEXT_LENGTH) {
      throw validationError(scope, `\`additionalEncryptionContext\` keys must be at most ${MAX_ENCRYPTION_CONTEXT_LENGTH} characters, got a key of ${k.length}`);
    }
    if (!Token.isUnresolved(v) && v.length > MAX_ENCRYPTION_CONTEXT_LENGTH) {
      throw validationError(scope, `\`additionalEncryptionContext\` values must be at most ${MAX_ENCRYPTION_CONTEXT_LENGTH} characters, got ${v.length} for key '${k}'`);
    }
  }
}

/**
 * Lets WorkSpaces Secure Browser use `key` for settings created in the
 * scope's account: a key policy statement for `workspaces-web.amazonaws.com`
 * with `aws:SourceAccount`. A key whose policy this app cannot change (an
 * imported key) gets a warning saying which statement to add by hand.
 */
export function grantKeyToSecureBrowser(scope: Construct, key: kms.IKey): iam.AddToResourcePolicyResult {
  const statement = new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal(SECURE_BROWSER_PRINCIPAL)],
    actions: SECURE_BROWSER_KEY_ACTIONS,
    resources: ['*'],
    conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } },
  });
  const result = key.addToResourcePolicy(statement, true);
  if (!result.statementAdded) {
    Annotations.of(scope).addWarningV2(IMPORTED_KEY_WARNING,
      `The key policy of ${key.node.path} cannot be changed from this app: add a statement allowing ` +
      `${SECURE_BROWSER_PRINCIPAL} ${SECURE_BROWSER_KEY_ACTIONS.join(', ')} with condition aws:SourceAccount, ` +
      'or creating the settings fails (https://docs.aws.amazon.com/workspaces-web/latest/adminguide/encryption-rest.html)');
  }
  return result;
}
