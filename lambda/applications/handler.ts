/**
 * Custom::ApplicationsImage: a WorkSpaces Applications (formerly AppStream
 * 2.0) image imported with CreateImportedImage
 * (https://docs.aws.amazon.com/appstream2/latest/APIReference/API_CreateImportedImage.html),
 * waited for through the Provider framework's isComplete polling.
 *
 * - onEvent checks the import with a dry run (`DryRun: true`: a request that
 *   would succeed answers DryRunOperationException), imports, and returns
 *   the image ARN at once; nothing throws once the import is accepted.
 * - isComplete describes the image (DescribeImages: PENDING, IMPORTING,
 *   VALIDATING, CREATING, … AVAILABLE or FAILED) until it is AVAILABLE; FAILED
 *   fails the deploy with the StateChangeReason and every ImageErrors entry.
 * - Delete removes the image this stack resource imported (DeleteImage); an
 *   image a fleet uses answers ResourceInUseException, which fails the delete
 *   with what to do. Ownership tags, the marks of operations and the cleanup
 *   of a cancelled create are those of every handler (../shared/ownership).
 */
import {
  CreateImportedImageCommand,
  DeleteImageCommand,
  DescribeImagesCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type AppStreamClient,
  type CreateImportedImageRequest,
  type Image,
} from '@aws-sdk/client-appstream';
import { DescribeWorkspaceBundlesCommand, type WorkSpacesClient } from '@aws-sdk/client-workspaces';
import {
  bundleUnusable, deleteRefused, dryRunRefused, immutable, importFailed, importRefused, inUse, timedOut, vanished,
} from './messages';
import { importChanged, parseSpec, type ImageSpec } from './spec';
import { describeError, errorName, isRetryableError } from '../shared/errors';
import {
  CANCELLED_OPERATION_LOOKBACK_MS, isCreatedBy, isOwnedBy, ORPHAN_SEARCH_WINDOW_MS, ownerFound, ownershipTags, stackTag, tagMap,
  VISIBILITY_GRACE_MS, type Tags,
} from '../shared/ownership';
import { planned, readPlan, timeoutSecondsOf, type Plan } from '../shared/plan';
import { PollAgain, PollingHandler, type OwnedTarget, type PollingHandlerOptions } from '../shared/polling-handler';
import type { TagValue } from '../shared/properties';
import { said } from '../shared/resource';
import type { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from '../shared/types';

export const PLAN_FIELD = 'ApplicationsImagePlan';

export interface ImagePlan extends Plan {
  readonly operation: 'create' | 'update' | 'delete';
  /** Delete of a physical id this handler did not issue: look for the image by name until this epoch ms. */
  readonly searchUntil?: number;
  /** The rollback of a rename: the image the rename imported, named here, is deleted (never `keep`). */
  readonly cleanup?: { readonly imageName: string; readonly keep: string; readonly searchUntil: number };
}

/** States in which an image is still being made; DeleteImage waits them out. */
const IN_PROGRESS: ReadonlySet<string> = new Set(['PENDING', 'IMPORTING', 'VALIDATING', 'CREATING', 'COPYING']);
const IMAGE_ARN = /^arn:aws[a-z-]*:appstream:[a-z0-9-]+:\d{12}:image\/([a-zA-Z0-9][a-zA-Z0-9_.-]{0,100})$/;

/** True for an id this handler issues: an image ARN. Any other physical id was made up by CloudFormation. */
export function isImageArn(id: string | undefined): id is string {
  return IMAGE_ARN.test(id ?? '');
}

/** A refusal onEvent states before it has imported anything (as opposed to a failed lookup). */
class Refusal extends Error {}

/** The clients the handler calls: WorkSpaces Applications, and WorkSpaces for a bundle's image. */
export interface ImageClients {
  readonly appStream: AppStreamClient;
  readonly workSpaces: WorkSpacesClient;
}

export class ApplicationsImageHandler extends PollingHandler {
  constructor(private readonly clients: ImageClients, options: PollingHandlerOptions = {}) {
    super('image', options);
  }

  protected async onCreate(event: OnEventRequest): Promise<OnEventResponse> {
    const spec = parseSpec(event.ResourceProperties);
    const startedAt = this.now();
    const arn = (await this.adoptRetriedCreate(event, spec)) ?? (await this.importImage(event, spec));
    return planned<ImagePlan>(arn ?? unknownImageId(event), PLAN_FIELD, { operation: 'create', startedAt, deadline: startedAt + spec.timeoutSeconds * 1000 });
  }

  protected async onUpdate(event: OnEventRequest): Promise<OnEventResponse> {
    const newSpec = parseSpec(event.ResourceProperties);
    const oldSpec = parseSpec(event.OldResourceProperties ?? event.ResourceProperties);
    const startedAt = this.now();
    const plan: ImagePlan = { operation: 'create', startedAt, deadline: startedAt + newSpec.timeoutSeconds * 1000 };
    if (newSpec.imageName !== oldSpec.imageName) {
      // A new name is a new image; CloudFormation deletes the old one once the update succeeds.
      this.record(event.PhysicalResourceId, 'replacing', { from: oldSpec.imageName, to: newSpec.imageName });
      const arn = (await this.adoptRetriedCreate(event, newSpec)) ?? (await this.importImage(event, newSpec));
      if (arn !== undefined && arn === event.PhysicalResourceId) {
        // Renamed back to the image this resource keeps (the rollback of a rename): the rename's image gets no Delete.
        const cleanup = { imageName: oldSpec.imageName, keep: arn, searchUntil: startedAt + ORPHAN_SEARCH_WINDOW_MS };
        return planned<ImagePlan>(arn, PLAN_FIELD, { ...plan, cleanup });
      }
      return planned<ImagePlan>(arn ?? unknownImageId(event), PLAN_FIELD, plan);
    }
    if (importChanged(oldSpec, newSpec)) {
      throw new Error(immutable(oldSpec, newSpec));
    }
    const arn = this.requirePhysicalId(event, isImageArn, 'an image ARN');
    const image = await this.describe(newSpec.imageName);
    if (!image) {
      throw new Error(vanished(newSpec.imageName));
    }
    const target = this.target(arn, newSpec.imageName, image.State);
    await this.takeCharge(target, await this.tagsOf(arn), event, startedAt);
    await this.applyTags(arn, oldSpec.tags, newSpec.tags);
    return planned<ImagePlan>(arn, PLAN_FIELD, { ...plan, operation: 'update' });
  }

  protected onDelete(event: OnEventRequest): Promise<OnEventResponse> {
    const spec = parseSpec(event.ResourceProperties);
    const startedAt = this.now();
    const plan: ImagePlan = { operation: 'delete', startedAt, deadline: startedAt + spec.timeoutSeconds * 1000 };
    if (isImageArn(event.PhysicalResourceId)) {
      return Promise.resolve(planned(event.PhysicalResourceId, PLAN_FIELD, plan));
    }
    // Not an id this handler issued: the Create never answered (CloudFormation cancelled it). What it imported,
    // if anything, is found by name and ownership tag.
    this.record(undefined, 'searching', { imageName: spec.imageName, physicalResourceId: event.PhysicalResourceId });
    const searchUntil = startedAt + ORPHAN_SEARCH_WINDOW_MS;
    const deadline = Math.max(plan.deadline, searchUntil);
    return Promise.resolve(planned<ImagePlan>(event.PhysicalResourceId, PLAN_FIELD, { ...plan, searchUntil, deadline }));
  }

  public async isComplete(event: IsCompleteRequest): Promise<IsCompleteResponse> {
    const plan = readPlan<ImagePlan>(event, PLAN_FIELD, 'image');
    const spec = parseSpec(event.ResourceProperties);
    if (plan.operation === 'delete' && !isImageArn(event.PhysicalResourceId)) {
      const pending = await this.removeMadeBy(event, plan, spec.imageName, plan.searchUntil ?? plan.startedAt);
      return pending ?? { IsComplete: true };
    }
    if (plan.cleanup) {
      const pending = await this.removeMadeBy(event, plan, plan.cleanup.imageName, plan.cleanup.searchUntil, plan.cleanup.keep);
      if (pending) return pending;
    }
    const imageName = plan.operation === 'delete' ? IMAGE_ARN.exec(event.PhysicalResourceId)![1] : spec.imageName;
    const target = plan.operation === 'delete' ? 'deleted' : 'AVAILABLE';
    let image: Image | undefined;
    try {
      image = await this.describe(imageName);
    } catch (error) {
      if (!isRetryableError(error)) {
        throw new Error(`Describing WorkSpaces Applications image '${imageName}' failed: ${said(error)}. Check the handler role's appstream:DescribeImages permission.`);
      }
      this.checkDeadline(plan, { ...spec, imageName }, undefined, target, error);
      return this.notYet(imageName, undefined, describeError(error));
    }
    if (plan.operation === 'delete') {
      return this.stepDelete(event, plan, { ...spec, imageName }, image);
    }
    return this.stepImport(event, plan, spec, image);
  }

  private async stepImport(event: IsCompleteRequest, plan: ImagePlan, spec: ImageSpec, image: Image | undefined): Promise<IsCompleteResponse> {
    if (!image) {
      if (this.now() - plan.startedAt < VISIBILITY_GRACE_MS) {
        return this.notYet(spec.imageName, 'not found yet');
      }
      throw new Error(vanished(spec.imageName));
    }
    if (!isImageArn(event.PhysicalResourceId) && !isCreatedBy(await this.tagsOf(image.Arn!), event)) {
      // onEvent imported without learning the ARN; an image of this name that this request did not make is not ours.
      throw new Error(`WorkSpaces Applications image '${spec.imageName}' exists but was not imported by this request: ${ownerFound(await this.tagsOf(image.Arn!))}. Choose another imageName.`);
    }
    switch (image.State) {
      case 'AVAILABLE': {
        this.record(image.Arn, 'complete', { state: image.State });
        const done: IsCompleteResponse = { IsComplete: true, Data: { ImageArn: image.Arn ?? '', ImageName: image.Name ?? spec.imageName } };
        return image.Arn !== event.PhysicalResourceId ? { ...done, PhysicalResourceId: image.Arn } : done;
      }
      case 'FAILED':
        throw new Error(importFailed(spec, image));
      default:
        this.checkDeadline(plan, spec, image, 'AVAILABLE');
        return this.notYet(image.Arn, image.State);
    }
  }

  private async stepDelete(event: IsCompleteRequest, plan: ImagePlan, spec: ImageSpec, image: Image | undefined): Promise<IsCompleteResponse> {
    const imageName = spec.imageName;
    if (!image) {
      this.record(imageName, 'deleted');
      return { IsComplete: true };
    }
    this.checkDeadline(plan, spec, image, 'deleted');
    if (image.State === 'DELETING') {
      return this.notYet(image.Arn, image.State);
    }
    // Owned, and marked as being deleted, before anything else.
    const refused = await this.mayChange(this.target(image.Arn!, imageName, image.State), event, plan.startedAt, true);
    if (refused) {
      return refused;
    }
    if (IN_PROGRESS.has(image.State ?? '')) {
      return this.notYet(image.Arn, image.State, 'waiting for the import to settle before deleting it');
    }
    const deleted = await this.attempt({ id: image.Arn, state: image.State }, async () => {
      await this.clients.appStream.send(new DeleteImageCommand({ Name: imageName }));
      this.record(image.Arn, 'delete-requested', { state: image.State });
      return true;
    }, error => {
      // DeleteImage's errors (https://docs.aws.amazon.com/appstream2/latest/APIReference/API_DeleteImage.html):
      // ConcurrentModificationException ("Wait a few minutes and try again"), OperationNotPermittedException,
      // ResourceInUseException ("The specified resource is in use": a fleet or image builder uses the image),
      // ResourceNotFoundException.
      switch (errorName(error)) {
        case 'ResourceNotFoundException': return false;
        case 'ConcurrentModificationException': return this.pollAgain({ id: image.Arn, state: image.State }, error);
        case 'ResourceInUseException': throw new Error(inUse(imageName, error));
        default: throw new Error(deleteRefused(imageName, error));
      }
    });
    if (deleted instanceof PollAgain) {
      return deleted.response;
    }
    return deleted ? this.notYet(image.Arn, 'DELETING') : { IsComplete: true };
  }

  /** What a cancelled create (or a rolled-back rename) of this stack resource imported under `imageName`, removed; undefined once none is left. */
  private removeMadeBy(
    event: IsCompleteRequest, plan: ImagePlan, imageName: string, searchUntil: number, keep?: string,
  ): Promise<IsCompleteResponse | undefined> {
    return this.removeWhatWasMade({
      what: `the image named '${imageName}'`,
      searchUntil,
      madeSince: plan.startedAt - CANCELLED_OPERATION_LOOKBACK_MS,
      leftAlone: 'left-alone',
      find: async () => {
        const image = await this.describe(imageName);
        if (!image?.Arn || image.Arn === keep) return undefined;
        return { id: image.Arn, resource: image, tags: await this.tagsOf(image.Arn), madeAt: image.CreatedTime?.getTime() };
      },
      remove: image => this.stepDelete(event, plan, { ...parseSpec(event.ResourceProperties), imageName }, image),
      lookupFailed: error => `Looking for the WorkSpaces Applications image '${imageName}' that a cancelled operation of this resource may have imported failed: ${said(error)}. ` +
        'Check the handler role\'s appstream:DescribeImages and appstream:ListTagsForResource permissions, then retry the stack operation.',
    }, event);
  }

  // ---------------------------------------------------------------------------
  // onEvent's steps
  // ---------------------------------------------------------------------------

  /** The image a retried delivery of this request (or, on an update, this resource) already imported under this name. */
  private async adoptRetriedCreate(event: OnEventRequest, spec: ImageSpec): Promise<string | undefined> {
    const existing = await this.describe(spec.imageName);
    if (!existing?.Arn) {
      return undefined;
    }
    const tags = await this.tagsOf(existing.Arn);
    if (isCreatedBy(tags, event) || (event.RequestType === 'Update' && isOwnedBy(tags, event))) {
      this.record(existing.Arn, 'adopted', { reason: isCreatedBy(tags, event) ? 'a retried delivery of this request' : 'the previous image of this stack resource, renamed back' });
      return existing.Arn;
    }
    throw new Refusal(`A WorkSpaces Applications image named '${spec.imageName}' already exists in this account and Region (${existing.Arn}, state ${existing.State}), ` +
      `and this stack resource did not import it (${ownerFound(tags)}). Image names are unique: choose another imageName, or use the existing image with ApplicationsImage.fromImageName.`);
  }

  /** Dry run, then the import; the new image's ARN, or undefined when it was imported but its ARN is not known. */
  private async importImage(event: OnEventRequest, spec: ImageSpec): Promise<string | undefined> {
    const request = await this.importRequest(event, spec);
    try {
      await this.clients.appStream.send(new CreateImportedImageCommand({ ...request, DryRun: true }));
      this.record(undefined, 'dry-run-passed', { imageName: spec.imageName, answer: 'success' });
    } catch (error) {
      if (errorName(error) !== 'DryRunOperationException') {
        throw new Error(dryRunRefused(spec, error));
      }
      this.record(undefined, 'dry-run-passed', { imageName: spec.imageName });
    }
    try {
      const created = await this.clients.appStream.send(new CreateImportedImageCommand(request));
      const arn = created.Image?.Arn;
      this.record(arn, arn ? 'import-started' : 'import-unconfirmed', { imageName: spec.imageName, state: created.Image?.State });
      return arn;
    } catch (error) {
      if (errorName(error) === 'ResourceAlreadyExistsException') {
        // The SDK retried an import whose answer was lost: the retry finds the image the first attempt made.
        try {
          const adopted = await this.adoptRetriedCreate(event, spec);
          if (adopted) return adopted;
        } catch (lookupError) {
          if (lookupError instanceof Refusal) throw lookupError;
          this.record(undefined, 'import-unconfirmed', { imageName: spec.imageName, reason: describeError(lookupError) });
          return undefined;
        }
      }
      throw new Error(importRefused(spec, error));
    }
  }

  private async importRequest(event: OnEventRequest, spec: ImageSpec): Promise<CreateImportedImageRequest> {
    // The stack tag is what lets the role import at all (an aws:RequestTag condition, lib/applications/image-permissions.ts).
    const tags = Object.fromEntries([...spec.tags, ...ownershipTags(event, this.now()), stackTag(event)].map(t => [t.Key, t.Value]));
    return {
      Name: spec.imageName,
      ...(await this.sourceFields(spec)),
      Description: spec.description,
      DisplayName: spec.displayName,
      RuntimeValidationConfig: spec.intendedInstanceType ? { IntendedInstanceType: spec.intendedInstanceType } : undefined,
      AgentSoftwareVersion: spec.agentSoftwareVersion,
      AppCatalogConfig: spec.appCatalog ? [...spec.appCatalog] : undefined,
      Tags: tags,
    };
  }

  /** WorkspaceImageId, or SourceAmiId with IamRoleArn; a bundle's image id is read now (DescribeWorkspaceBundles). */
  private async sourceFields(spec: ImageSpec): Promise<Pick<CreateImportedImageRequest, 'WorkspaceImageId' | 'SourceAmiId' | 'IamRoleArn'>> {
    const source = spec.source;
    if (source.kind === 'workspaces-image') return { WorkspaceImageId: source.workspaceImageId };
    if (source.kind === 'ami') return { SourceAmiId: source.sourceAmiId, IamRoleArn: source.iamRoleArn };
    let bundles;
    try {
      bundles = await this.clients.workSpaces.send(new DescribeWorkspaceBundlesCommand({ BundleIds: [source.bundleId] }));
    } catch (error) {
      throw new Error(bundleUnusable(source.bundleId, `could not be described (${said(error)}); check the handler role's workspaces:DescribeWorkspaceBundles permission`));
    }
    const bundle = bundles.Bundles?.find(b => b.BundleId === source.bundleId);
    if (!bundle) throw new Error(bundleUnusable(source.bundleId, 'does not exist in this account and Region, or is not shared with it'));
    if (!bundle.ImageId) throw new Error(bundleUnusable(source.bundleId, 'has no image id'));
    this.record(undefined, 'bundle-image', { bundleId: source.bundleId, imageId: bundle.ImageId, owner: bundle.Owner });
    return { WorkspaceImageId: bundle.ImageId };
  }

  // ---------------------------------------------------------------------------
  // helpers
  // ---------------------------------------------------------------------------

  /** The image of this name, or undefined (an empty list or ResourceNotFoundException). */
  private async describe(imageName: string): Promise<Image | undefined> {
    try {
      const result = await this.clients.appStream.send(new DescribeImagesCommand({ Names: [imageName] }));
      return result.Images?.find(i => i.Name === imageName);
    } catch (error) {
      if (errorName(error) === 'ResourceNotFoundException') return undefined;
      throw error;
    }
  }

  private async tagsOf(arn: string): Promise<Tags> {
    const result = await this.clients.appStream.send(new ListTagsForResourceCommand({ ResourceArn: arn }));
    return tagMap(Object.entries(result.Tags ?? {}).map(([Key, Value]) => ({ Key, Value })));
  }

  private target(arn: string, imageName: string, state: string | undefined): OwnedTarget {
    return {
      id: arn,
      what: `WorkSpaces Applications image '${imageName}'`,
      changes: 'tags or deletes',
      advice: 'Choose another imageName, or refer to the image with ApplicationsImage.fromImageName.',
      state,
      leftAlone: 'left-alone',
      readTags: () => this.tagsOf(arn),
      writeTag: async tag => {
        await this.clients.appStream.send(new TagResourceCommand({ ResourceArn: arn, Tags: { [tag.Key]: tag.Value } }));
      },
    };
  }

  private async applyTags(arn: string, oldTags: readonly TagValue[], newTags: readonly TagValue[]): Promise<void> {
    const newKeys = new Set(newTags.map(t => t.Key));
    const removed = oldTags.filter(t => !newKeys.has(t.Key)).map(t => t.Key);
    const oldValues = new Map(oldTags.map(t => [t.Key, t.Value]));
    const changed = newTags.filter(t => oldValues.get(t.Key) !== t.Value);
    if (removed.length > 0) {
      await this.clients.appStream.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: removed }));
    }
    if (changed.length > 0) {
      await this.clients.appStream.send(new TagResourceCommand({ ResourceArn: arn, Tags: Object.fromEntries(changed.map(t => [t.Key, t.Value])) }));
    }
    if (removed.length + changed.length > 0) {
      this.record(arn, 'tagged', { set: changed.map(t => t.Key), removed });
    }
  }

  private checkDeadline(plan: ImagePlan, spec: ImageSpec, image: Image | undefined, target: string, describeFailure?: unknown): void {
    if (this.now() > plan.deadline) {
      throw new Error(timedOut(spec, timeoutSecondsOf(plan), target, image, describeFailure));
    }
  }
}

/** The physical id of a create that imported without learning the ARN: isComplete finds the image by name and request tag. */
function unknownImageId(event: OnEventRequest): string {
  return `image-arn-unknown-${event.RequestId}`;
}
