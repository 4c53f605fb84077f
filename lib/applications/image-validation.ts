import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { validationError } from '../private/errors';

/**
 * Synth-time checks of an imported WorkSpaces Applications image, one
 * function per rule. Each skips unresolved tokens and names the construct,
 * the prop, the rule and the value. The limits are those of
 * CreateImportedImage and ApplicationConfig
 * (https://docs.aws.amazon.com/appstream2/latest/APIReference/API_CreateImportedImage.html,
 * https://docs.aws.amazon.com/appstream2/latest/APIReference/API_ApplicationConfig.html)
 * and, for the source ids, of the WorkSpaces and EC2 APIs.
 */

/**
 * 1-100 letters, digits, `_ . -`, starting with a letter or digit. CreateImportedImage says
 * "between 1 and 100 characters"; DeleteImage and DescribeImagePermissions give the Name
 * pattern `^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,100}$`: the stricter of the two.
 */
export const IMAGE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,99}$/;
export const IMAGE_NAME_MAX = 100;
export const DESCRIPTION_MAX = 256;
export const DISPLAY_NAME_MAX = 100;
/** WorkSpaces image ids (https://docs.aws.amazon.com/workspaces/latest/api/API_WorkspaceImage.html, ImageId). */
export const WORKSPACE_IMAGE_ID = /^wsi-[0-9a-z]{9,63}$/;
/** EC2 AMI ids (https://docs.aws.amazon.com/workspaces/latest/api/API_ImageSourceIdentifier.html, Ec2ImageId). */
export const AMI_ID = /^ami-([a-f0-9]{8}|[a-f0-9]{17})$/;
/** WorkSpaces bundle ids (https://docs.aws.amazon.com/workspaces/latest/api/API_WorkspacesPool.html, BundleId). */
export const BUNDLE_ID = /^wsb-[0-9a-z]{8,63}$/;
/** ApplicationConfig.Name. */
export const APP_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,99}$/;
/** ApplicationConfig.DisplayName. */
export const APP_DISPLAY_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_. -]{0,99}$/;
/** ApplicationConfig paths: 1-32767 characters (Windows extended paths). */
export const APP_PATH_MAX = 32767;
export const LAUNCH_PARAMETERS_MAX = 1024;

/** A string prop that must match `pattern`; `rule` says what it must be. */
export function validateMatch(scope: IConstruct, prop: string, value: string | undefined, pattern: RegExp, rule: string): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!pattern.test(value)) {
    throw validationError(scope, `\`${prop}\` must be ${rule} (${pattern.source}), got '${shorten(value)}'`);
  }
}

/** A string prop of `min`-`max` characters. */
export function validateLength(scope: IConstruct, prop: string, value: string | undefined, min: number, max: number): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (value.length < min || value.length > max) {
    throw validationError(scope, `\`${prop}\` must be ${min}-${max} characters long, got ${value.length} characters`);
  }
}

/** At most 60 characters of a value, for a message. */
function shorten(value: string): string {
  return value.length > 60 ? `${value.slice(0, 60)}…` : value;
}
