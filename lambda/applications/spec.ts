/**
 * The imported image as the template describes it (the custom resource's
 * properties), parsed from what CloudFormation passes. The property names are
 * the contract with lib/applications/applications-image.ts.
 */
import { PropertyReader, type Props, type TagValue } from '../shared/properties';
import type { ResourceProperties } from '../shared/types';

export const APPLICATIONS_IMAGE_RESOURCE_TYPE = 'Custom::ApplicationsImage';

/** What the image is imported from: exactly one of these. */
export type ImageSourceSpec =
  | { readonly kind: 'workspaces-image'; readonly workspaceImageId: string }
  | { readonly kind: 'ami'; readonly sourceAmiId: string; readonly iamRoleArn: string }
  | { readonly kind: 'bundle'; readonly bundleId: string };

/** One application of the catalog (the API's ApplicationConfig). */
export interface ApplicationSpec {
  readonly Name: string;
  readonly AbsoluteAppPath: string;
  readonly DisplayName?: string;
  readonly AbsoluteIconPath?: string;
  readonly AbsoluteManifestPath?: string;
  readonly WorkingDirectory?: string;
  readonly LaunchParameters?: string;
}

export type AgentVersion = 'CURRENT_LATEST' | 'ALWAYS_LATEST';

export interface ImageSpec {
  readonly imageName: string;
  readonly source: ImageSourceSpec;
  readonly description?: string;
  readonly displayName?: string;
  readonly intendedInstanceType?: string;
  readonly agentSoftwareVersion?: AgentVersion;
  readonly appCatalog?: readonly ApplicationSpec[];
  readonly tags: readonly TagValue[];
  /** Seconds the import may take before it fails. */
  readonly timeoutSeconds: number;
}

/** Properties of the custom resource, as lib/applications/applications-image.ts writes them. */
export const PROPERTY = {
  imageName: 'ImageName',
  workspaceImageId: 'WorkspaceImageId',
  sourceAmiId: 'SourceAmiId',
  iamRoleArn: 'IamRoleArn',
  bundleId: 'BundleId',
  description: 'Description',
  displayName: 'DisplayName',
  intendedInstanceType: 'IntendedInstanceType',
  agentSoftwareVersion: 'AgentSoftwareVersion',
  appCatalog: 'AppCatalog',
  tags: 'Tags',
  timeoutSeconds: 'TimeoutSeconds',
} as const;

/** The default operation timeout when the template sets none (the construct always sets one). */
export const DEFAULT_TIMEOUT_SECONDS = 3300;

/** CreateImportedImage's Name: 1-100 letters, digits, `_ . -` (see lib/applications/image-validation.ts). */
const IMAGE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,99}$/;

const read = new PropertyReader(APPLICATIONS_IMAGE_RESOURCE_TYPE, 'ApplicationsImage');

export function parseSpec(properties: ResourceProperties): ImageSpec {
  const p = properties as Props;
  return {
    imageName: read.requiredMatch(p, PROPERTY.imageName, IMAGE_NAME, 'an image name (1-100 letters, digits, _ . -, starting with a letter or digit)'),
    source: parseSource(p),
    description: read.optionalString(p, PROPERTY.description),
    displayName: read.optionalString(p, PROPERTY.displayName),
    intendedInstanceType: read.optionalString(p, PROPERTY.intendedInstanceType),
    agentSoftwareVersion: read.oneOf(p, PROPERTY.agentSoftwareVersion, ['CURRENT_LATEST', 'ALWAYS_LATEST'] as const),
    appCatalog: read.optionalList(p, PROPERTY.appCatalog, '', (item, key) => ({
      Name: read.requiredString(item, 'Name', key),
      AbsoluteAppPath: read.requiredString(item, 'AbsoluteAppPath', key),
      DisplayName: read.optionalString(item, 'DisplayName', key),
      AbsoluteIconPath: read.optionalString(item, 'AbsoluteIconPath', key),
      AbsoluteManifestPath: read.optionalString(item, 'AbsoluteManifestPath', key),
      WorkingDirectory: read.optionalString(item, 'WorkingDirectory', key),
      LaunchParameters: read.optionalString(item, 'LaunchParameters', key),
    })),
    tags: read.tags(p, PROPERTY.tags),
    timeoutSeconds: read.optionalInteger(p, PROPERTY.timeoutSeconds) ?? DEFAULT_TIMEOUT_SECONDS,
  };
}

function parseSource(p: Props): ImageSourceSpec {
  const workspaceImageId = read.optionalString(p, PROPERTY.workspaceImageId);
  const sourceAmiId = read.optionalString(p, PROPERTY.sourceAmiId);
  const bundleId = read.optionalString(p, PROPERTY.bundleId);
  const given = [workspaceImageId, sourceAmiId, bundleId].filter(v => v !== undefined).length;
  if (given !== 1) {
    throw read.invalid(`${PROPERTY.workspaceImageId}, ${PROPERTY.sourceAmiId} and ${PROPERTY.bundleId}`, 'must have exactly one set',
      { WorkspaceImageId: workspaceImageId, SourceAmiId: sourceAmiId, BundleId: bundleId });
  }
  if (workspaceImageId !== undefined) {
    return { kind: 'workspaces-image', workspaceImageId };
  }
  if (sourceAmiId !== undefined) {
    return { kind: 'ami', sourceAmiId, iamRoleArn: read.requiredString(p, PROPERTY.iamRoleArn) };
  }
  return { kind: 'bundle', bundleId: bundleId! };
}

/**
 * True when an update changes what the image is made of. An imported image
 * cannot be changed (WorkSpaces Applications has no update of an image's
 * source, description, display name or catalog): only its tags change in place.
 */
export function importChanged(oldSpec: ImageSpec, newSpec: ImageSpec): boolean {
  const made = (spec: ImageSpec) => JSON.stringify({ ...spec, imageName: undefined, tags: undefined, timeoutSeconds: undefined });
  return made(oldSpec) !== made(newSpec);
}

/** How messages name the source: `WorkSpaces image wsi-…`. */
export function sourceLabel(source: ImageSourceSpec): string {
  switch (source.kind) {
    case 'workspaces-image': return `WorkSpaces image ${source.workspaceImageId}`;
    case 'ami': return `AMI ${source.sourceAmiId}`;
    case 'bundle': return `the image of WorkSpaces bundle ${source.bundleId}`;
  }
}
