/**
 * Custom::WorkspacesBundleImage: the check a pool's create, and any change of
 * its bundle, waits for. `WorkspacesPool` makes one beside each pool, and the
 * pool depends on it, so CloudFormation creates or updates the pool only once
 * the bundle's image is usable:
 *
 * - a public (AMAZON-owned) bundle needs no check;
 * - a custom bundle's image (DescribeWorkspaceBundles → ImageId →
 *   DescribeWorkspaceImages) is waited for while PENDING (an import takes a
 *   long time), through isComplete polls, up to the pool's timeout;
 * - an image in ERROR fails the deploy with the image's ErrorCode,
 *   ErrorMessage and every ErrorDetails entry, before anything is created
 *   or changed.
 *
 * What the service does with a pool whose bundle's image is not AVAILABLE is
 * undocumented, so the pool call's own error is not relied on: this looks
 * first. The check creates nothing, so a cancelled check leaves nothing
 * behind and its Delete has nothing to do.
 */
import { DescribeWorkspaceBundlesCommand, DescribeWorkspaceImagesCommand, type WorkSpacesClient, type WorkspaceBundle, type WorkspaceImage } from '@aws-sdk/client-workspaces';
import { describeError, isRetryableError } from '../shared/errors';
import { planned, readPlan, timeoutSecondsOf, type Plan } from '../shared/plan';
import type { PollingHandlerOptions } from '../shared/polling-handler';
import { PropertyReader, TIMEOUT_SECONDS } from '../shared/properties';
import { formatSeconds, said } from '../shared/resource';
import type { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from '../shared/types';
import { WorkSpacesHandler } from '../shared/workspaces-handler';

/** The owner DescribeWorkspaceBundles names for the bundles AWS provides. */
export const PUBLIC_BUNDLE_OWNER = 'AMAZON';
export const BUNDLE_IMAGE_PLAN_FIELD = 'BundleImagePlan';
/** The default wait when the template sets none (the construct always sets one). */
const DEFAULT_TIMEOUT_SECONDS = 3300;

/** Properties of the custom resource, as lib/pool/workspaces-pool.ts writes them. */
export const BUNDLE_IMAGE_PROPERTY = {
  bundleId: 'BundleId',
  poolName: 'PoolName',
  timeoutSeconds: 'TimeoutSeconds',
} as const;

export interface BundleImageSpec {
  readonly bundleId: string;
  /** For messages: the pool that waits for the check. */
  readonly poolName: string;
  readonly timeoutSeconds: number;
}

export interface BundleImagePlan extends Plan {
  readonly operation: 'check' | 'none';
}

const read = new PropertyReader('Custom::WorkspacesBundleImage', 'WorkspacesPool');

export function parseBundleImageSpec(properties: Readonly<Record<string, unknown>>): BundleImageSpec {
  return {
    bundleId: read.requiredMatch(properties, BUNDLE_IMAGE_PROPERTY.bundleId, /^wsb-[0-9a-z]{8,63}$/, 'a bundle id (wsb- and 8-63 lowercase letters or digits)'),
    poolName: read.optionalString(properties, BUNDLE_IMAGE_PROPERTY.poolName) ?? '',
    timeoutSeconds: read.optionalInteger(properties, BUNDLE_IMAGE_PROPERTY.timeoutSeconds, undefined, TIMEOUT_SECONDS) ?? DEFAULT_TIMEOUT_SECONDS,
  };
}

export class BundleImageHandler extends WorkSpacesHandler {
  constructor(client: WorkSpacesClient, options: PollingHandlerOptions = {}) {
    super('bundle', client, options);
  }

  protected onCreate(event: OnEventRequest): Promise<OnEventResponse> {
    return Promise.resolve(this.startCheck(event));
  }

  protected onUpdate(event: OnEventRequest): Promise<OnEventResponse> {
    return Promise.resolve(this.startCheck(event));
  }

  /** Nothing was made: nothing to remove. */
  protected onDelete(event: OnEventRequest): Promise<OnEventResponse> {
    const now = this.now();
    const plan: BundleImagePlan = { operation: 'none', startedAt: now, deadline: now };
    return Promise.resolve(planned(event.PhysicalResourceId, BUNDLE_IMAGE_PLAN_FIELD, plan));
  }

  private startCheck(event: OnEventRequest): OnEventResponse {
    const spec = parseBundleImageSpec(event.ResourceProperties);
    const startedAt = this.now();
    const plan: BundleImagePlan = { operation: 'check', startedAt, deadline: startedAt + spec.timeoutSeconds * 1000 };
    return planned(spec.bundleId, BUNDLE_IMAGE_PLAN_FIELD, plan);
  }

  public async isComplete(event: IsCompleteRequest): Promise<IsCompleteResponse> {
    const plan = readPlan<BundleImagePlan>(event, BUNDLE_IMAGE_PLAN_FIELD, 'bundle image');
    if (plan.operation === 'none') {
      return { IsComplete: true };
    }
    const spec = parseBundleImageSpec(event.ResourceProperties);
    const subject = poolSubject(spec);
    let found: { bundle?: WorkspaceBundle; image?: WorkspaceImage };
    try {
      found = await this.lookUp(spec.bundleId);
    } catch (error) {
      if (!isRetryableError(error)) {
        throw new Error(`Checking bundle ${spec.bundleId} of ${subject} failed: ${said(error)}. ` +
          'Check the provider role\'s workspaces:DescribeWorkspaceBundles and workspaces:DescribeWorkspaceImages permissions, then deploy again.');
      }
      this.checkDeadline(plan, spec, `the bundle and its image could not be described at the deadline (${said(error)})`);
      return this.notYet(spec.bundleId, undefined, describeError(error));
    }
    const { bundle, image } = found;
    if (!bundle) {
      throw new Error(`Bundle ${spec.bundleId} of ${subject} does not exist in this account and Region, or is not shared with it: check bundleId, then deploy again.`);
    }
    if (isPublic(bundle)) {
      this.record(spec.bundleId, 'complete', { reason: 'a public bundle: its image needs no check' });
      return { IsComplete: true, Data: { BundleId: spec.bundleId, ImageId: bundle.ImageId ?? '', ImageState: '' } };
    }
    if (!image) {
      throw new Error(`Image ${bundle.ImageId} of bundle ${spec.bundleId} (${subject}) does not exist in this account and Region, or is not shared with it: ` +
        'check the bundle, or choose another bundleId, then deploy again.');
    }

    switch (image.State) {
      case 'AVAILABLE':
        if (image.Updates?.UpdateAvailable) {
          this.record(spec.bundleId, 'image-update-available', { image: image.ImageId, description: image.Updates.Description });
        }
        this.record(spec.bundleId, 'complete', { image: image.ImageId, state: image.State });
        return { IsComplete: true, Data: { BundleId: spec.bundleId, ImageId: image.ImageId ?? '', ImageState: image.State } };
      case 'ERROR':
        throw new Error(imageFailed(spec, image, event.RequestType));
      default:
        // PENDING (an import or a capture still running), or a state this version does not know: wait.
        this.checkDeadline(plan, spec, `image ${image.ImageId} was still ${image.State ?? 'in no state'}`);
        return this.notYet(spec.bundleId, image.State, `image ${image.ImageId}`);
    }
  }

  /** The bundle, and for a custom bundle its image; either undefined when the service does not list it. */
  private async lookUp(bundleId: string): Promise<{ bundle?: WorkspaceBundle; image?: WorkspaceImage }> {
    const bundles = await this.client.send(new DescribeWorkspaceBundlesCommand({ BundleIds: [bundleId] }));
    const bundle = bundles.Bundles?.find(b => b.BundleId === bundleId);
    if (!bundle || isPublic(bundle)) {
      return { bundle };
    }
    const images = await this.client.send(new DescribeWorkspaceImagesCommand({ ImageIds: [bundle.ImageId!] }));
    return { bundle, image: images.Images?.find(i => i.ImageId === bundle.ImageId) };
  }

  private checkDeadline(plan: BundleImagePlan, spec: BundleImageSpec, lastSeen: string): void {
    if (this.now() <= plan.deadline) {
      return;
    }
    throw new Error(
      `The image of bundle ${spec.bundleId} (${poolSubject(spec)}) did not become AVAILABLE within the timeout of ` +
      `${formatSeconds(timeoutSecondsOf(plan))}: ${lastSeen}. ` +
      'An image import can take hours: wait until the image is AVAILABLE in the WorkSpaces console, then deploy again, or raise the WorkspacesPool timeout. ' +
      'Nothing was created or changed.',
    );
  }
}

/** An AWS-provided bundle (or one without an image to check). */
function isPublic(bundle: WorkspaceBundle): boolean {
  return bundle.Owner === PUBLIC_BUNDLE_OWNER || !bundle.ImageId;
}

function poolSubject(spec: BundleImageSpec): string {
  return spec.poolName ? `WorkSpaces pool '${spec.poolName}'` : 'the WorkSpaces pool';
}

/** The image's own error, every ErrorDetails entry, and what to do. */
export function imageFailed(spec: BundleImageSpec, image: WorkspaceImage, requestType: string): string {
  const details = (image.ErrorDetails ?? []).map(d => `${d.ErrorCode ?? 'UNKNOWN'}: ${(d.ErrorMessage ?? 'no message').replace(/[.\s]+$/, '')}`);
  const own = [image.ErrorCode, image.ErrorMessage?.replace(/[.\s]+$/, '')].filter(Boolean).join(': ') || 'the service gave no error code';
  return `Image ${image.ImageId} of bundle ${spec.bundleId} is in state ERROR (${own})` +
    `${details.length > 0 ? `; error details: ${details.join('; ')}` : ''}. ` +
    `${requestType === 'Update' ? `${poolSubject(spec)} was not changed` : `${poolSubject(spec)} was not created`}. ` +
    'Fix what the details name in the image and import it again (then build a bundle from it), or choose another bundleId, then deploy again.';
}
