/**
 * The failure messages of the imported image handler: which image, what was
 * asked, what WorkSpaces Applications said (its own codes and messages,
 * verbatim), and what to do.
 */
import type { Image } from '@aws-sdk/client-appstream';
import { sourceLabel, type ImageSpec } from './spec';
import { errorName } from '../shared/errors';
import { formatSeconds, said } from '../shared/resource';

export const IMPORT_REQUIREMENTS_URL = 'https://docs.aws.amazon.com/appstream2/latest/APIReference/API_CreateImportedImage.html';

/** What to do about each error CreateImportedImage (or its dry run) answers. */
const CREATE_HINTS: Readonly<Record<string, string>> = {
  InvalidRoleException: 'the IAM role must be trusted by appstream.amazonaws.com and allowed to describe the AMI and modify its attributes (ImageSource.ami makes such a role when given none)',
  ResourceAlreadyExistsException: 'an image of this name already exists in this account and Region: choose another imageName, or use the existing image with ApplicationsImage.fromImageName',
  ResourceNotFoundException: 'the source does not exist in this Region or is not shared with this account: check the source id',
  IncompatibleImageException: `the source image does not meet the requirements of an imported image (${IMPORT_REQUIREMENTS_URL})`,
  LimitExceededException: 'the account has reached a WorkSpaces Applications quota: remove unused images or request an increase in Service Quotas',
  InvalidParameterCombinationException: 'the props do not fit together: check the source, runtimeValidationInstanceType and appCatalog',
  OperationNotPermittedException: 'the service does not allow this import in this account or Region: check that WorkSpaces Applications is available here and that the source may be imported',
  InvalidAccountStatusException: 'the account is suspended: contact AWS Support',
};

function hintFor(error: unknown): string {
  return CREATE_HINTS[errorName(error)] ?? 'fix the cause and deploy again';
}

/** `'call-centre' (from WorkSpaces image wsi-…)`. */
export function imageLabel(spec: ImageSpec): string {
  return `'${spec.imageName}' (from ${sourceLabel(spec.source)})`;
}

export function dryRunRefused(spec: ImageSpec, error: unknown): string {
  return `The import of WorkSpaces Applications image ${imageLabel(spec)} failed its dry run: ${said(error)}. Nothing was imported. What to do: ${hintFor(error)}.`;
}

export function importRefused(spec: ImageSpec, error: unknown): string {
  return `Importing WorkSpaces Applications image ${imageLabel(spec)} was refused: ${said(error)}. Nothing was imported. What to do: ${hintFor(error)}.`;
}

/** The image's StateChangeReason and every ImageErrors entry, verbatim, and what to do. */
export function importFailed(spec: ImageSpec, image: Image): string {
  const reason = image.StateChangeReason
    ? `${image.StateChangeReason.Code ?? 'no code'}: ${image.StateChangeReason.Message ?? 'no message'}`
    : 'none given';
  const errors = (image.ImageErrors ?? []).map(e => `${e.ErrorCode ?? 'UNKNOWN'}: ${e.ErrorMessage ?? 'no message'}` +
    (e.ErrorTimestamp ? ` (at ${new Date(e.ErrorTimestamp).toISOString()})` : ''));
  return `WorkSpaces Applications image ${imageLabel(spec)} failed to import: state FAILED; state change reason ${reason}` +
    `${errors.length > 0 ? `; image errors: ${errors.join('; ')}` : '; no image errors'}. ` +
    `What to do: fix what the reason and errors name in the source (requirements: ${IMPORT_REQUIREMENTS_URL}), then deploy again. ` +
    'The rollback of this deploy deletes the failed image.';
}

export function timedOut(spec: ImageSpec, timeoutSeconds: number, target: string, lastSeen: Image | undefined, describeFailure?: unknown): string {
  const seen = describeFailure !== undefined
    ? `the image could not be described at the deadline (${said(describeFailure)})`
    : lastSeen ? `last seen in state ${lastSeen.State ?? 'unknown'}` : 'not found when last described';
  return `WorkSpaces Applications image ${imageLabel(spec)} was not ${target} within the timeout of ${formatSeconds(timeoutSeconds)}: ${seen}. ` +
    'An import can take a long time: check the image in the WorkSpaces Applications console; raise the ApplicationsImage timeout (at most the provider\'s total timeout) and deploy again.';
}

export function inUse(imageName: string, error: unknown): string {
  return `WorkSpaces Applications image '${imageName}' was not deleted: ${said(error)}. A fleet or image builder still uses it. ` +
    'What to do: move the fleet to another image (or delete the fleet or image builder) first, then retry the stack operation; ' +
    'or keep the image with removalPolicy RETAIN.';
}

export function deleteRefused(imageName: string, error: unknown): string {
  return `Deleting WorkSpaces Applications image '${imageName}' was refused: ${said(error)}. The image is unchanged. ` +
    'Check the handler role\'s appstream:DeleteImage permission and the image in the console, then retry the stack operation.';
}

export function immutable(oldSpec: ImageSpec, newSpec: ImageSpec): string {
  return `WorkSpaces Applications image '${newSpec.imageName}' cannot be changed in place: an imported image keeps the source, description, ` +
    'display name, runtime validation, agent version and catalog it was imported with, and only its tags change. ' +
    `Give the image a new imageName in the same change (or leave imageName unset: the generated name follows these props), so that a new image is imported and '${oldSpec.imageName}' deleted after. ` +
    'Nothing was changed.';
}

export function bundleUnusable(bundleId: string, detail: string): string {
  return `The source of the image, WorkSpaces bundle ${bundleId}, ${detail}. Nothing was imported. Check the bundle id (ImageSource.poolBundle), then deploy again.`;
}

export function vanished(imageName: string): string {
  return `WorkSpaces Applications image '${imageName}' no longer exists: it was deleted outside this stack. ` +
    'Change imageName (or a prop of the import) to import it again, or remove the image from the stack.';
}
