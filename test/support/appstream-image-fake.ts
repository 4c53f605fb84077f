/**
 * A stateful fake of WorkSpaces Applications' imported images (the AppStream
 * API's CreateImportedImage, DescribeImages, DeleteImage and tag actions)
 * and of WorkSpaces' DescribeWorkspaceBundles, on a virtual clock, plugged
 * into real SDK clients through aws-sdk-client-mock. Operations run through
 * the handler with `runOperation` from ./provider-driver.
 *
 * It follows the AppStream API reference
 * (https://docs.aws.amazon.com/appstream2/latest/APIReference/API_CreateImportedImage.html,
 * API_DescribeImages.html, API_DeleteImage.html): a dry run that would
 * succeed answers DryRunOperationException; an import goes PENDING →
 * IMPORTING → VALIDATING → AVAILABLE, or ends FAILED with a
 * StateChangeReason and ImageErrors; an image in use answers DeleteImage
 * with ResourceInUseException. How DescribeImages answers a name that does
 * not exist is not documented: an option.
 *
 * No jest globals here.
 */
import {
  AppStreamClient,
  AppStreamServiceException,
  ConcurrentModificationException,
  CreateImportedImageCommand,
  DeleteImageCommand,
  DescribeImagesCommand,
  DryRunOperationException,
  ListTagsForResourceCommand,
  ResourceAlreadyExistsException,
  ResourceInUseException,
  ResourceNotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
  type CreateImportedImageRequest,
  type Image,
  type ImageState,
  type ResourceError,
} from '@aws-sdk/client-appstream';
import { DescribeWorkspaceBundlesCommand, WorkSpacesClient, type DescribeWorkspaceBundlesRequest } from '@aws-sdk/client-workspaces';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { requestBuilders, SERVICE_TOKEN } from './provider-driver';
import { SimulatedService, type SimulatedServiceOptions } from './simulated-service';
import { ApplicationsImageHandler } from '../../lambda/applications/handler';
import { PROPERTY } from '../../lambda/applications/spec';
import { STACK_TAG } from '../../lambda/shared/ownership';
import type { ResourceProperties } from '../../lambda/shared/types';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';

/** Virtual seconds each phase of an import takes. */
export interface ImportDurations {
  readonly pending: number;
  readonly importing: number;
  readonly validating: number;
  readonly deleting: number;
}

export const DEFAULT_IMPORT_DURATIONS: ImportDurations = { pending: 30, importing: 900, validating: 600, deleting: 60 };

export interface ImageFakeOptions extends SimulatedServiceOptions {
  readonly durations?: Partial<ImportDurations>;
  /** Imports end FAILED (after IMPORTING) with these errors and reason. */
  readonly failImport?: {
    readonly reason: { readonly Code: string; readonly Message: string };
    readonly errors: readonly ResourceError[];
    /** Only the imports of these image names fail. Default: every import. */
    readonly names?: readonly string[];
  };
  /** How DescribeImages answers for a name that does not exist (undocumented). Default not-found. */
  readonly missingImage?: 'not-found' | 'empty-list';
  /** Source ids that exist (WorkSpaces images and AMIs). Default: any. */
  readonly sources?: readonly string[];
  /** Bundles by id, with their image id. */
  readonly bundles?: Readonly<Record<string, string>>;
  /** DeleteImage answers ConcurrentModificationException this many times first. */
  readonly concurrentModifications?: number;
}

interface FakeImage {
  image: Image;
  tags: Record<string, string>;
  /** The next state and when it is reached. */
  next?: { at: number; state: ImageState | 'GONE' };
  lastChangeAt: number;
  /** What uses the image (a fleet): DeleteImage is refused while set. */
  usedBy?: string;
  states: ImageState[];
}

export class AppStreamImageFake extends SimulatedService {
  public readonly appStream: AppStreamClient;
  public readonly workSpaces: WorkSpacesClient;
  private readonly mocks: Array<AwsClientStub<AppStreamClient> | AwsClientStub<WorkSpacesClient>>;
  private readonly images = new Map<string, FakeImage>();
  private readonly gone = new Map<string, number>();
  private readonly durations: ImportDurations;
  private concurrentLeft: number;

  constructor(private readonly options: ImageFakeOptions = {}) {
    super(options);
    this.durations = { ...DEFAULT_IMPORT_DURATIONS, ...options.durations };
    this.concurrentLeft = options.concurrentModifications ?? 0;
    this.appStream = new AppStreamClient({ region: REGION });
    this.workSpaces = new WorkSpacesClient({ region: REGION });
    const appStream = mockClient(this.appStream);
    const workSpaces = mockClient(this.workSpaces);
    this.mocks = [appStream, workSpaces];
    const notModelled = () => {
      throw new Error('AppStreamImageFake: this command is not part of the fake');
    };
    appStream.onAnyCommand().callsFake(notModelled);
    workSpaces.onAnyCommand().callsFake(notModelled);
    const on = <I>(stub: AwsClientStub<any>, command: { readonly name: string }, run: (input: I) => unknown) => {
      stub.on(command as any).callsFake((input: I) => this.call(command.name.replace(/Command$/, ''), input, () => run(input)));
    };
    on<CreateImportedImageRequest>(appStream, CreateImportedImageCommand, input => this.createImportedImage(input));
    on<{ Names?: string[] }>(appStream, DescribeImagesCommand, input => this.describeImages(input.Names ?? []));
    on<{ Name: string }>(appStream, DeleteImageCommand, input => this.deleteImage(input.Name));
    on<{ ResourceArn: string }>(appStream, ListTagsForResourceCommand, input => ({ Tags: { ...this.byArn(input.ResourceArn).tags } }));
    on<{ ResourceArn: string; Tags: Record<string, string> }>(appStream, TagResourceCommand, input => {
      Object.assign(this.byArn(input.ResourceArn).tags, input.Tags);
      return {};
    });
    on<{ ResourceArn: string; TagKeys: string[] }>(appStream, UntagResourceCommand, input => {
      const image = this.byArn(input.ResourceArn);
      for (const key of input.TagKeys) delete image.tags[key];
      return {};
    });
    on<DescribeWorkspaceBundlesRequest>(workSpaces, DescribeWorkspaceBundlesCommand, input => ({
      Bundles: (input.BundleIds ?? []).filter(id => this.options.bundles?.[id])
        .map(id => ({ BundleId: id, ImageId: this.options.bundles![id], Owner: ACCOUNT })),
    }));
  }

  public restore(): void {
    for (const mock of this.mocks) mock.restore();
  }

  public newHandler(): ApplicationsImageHandler {
    return new ApplicationsImageHandler({ appStream: this.appStream, workSpaces: this.workSpaces }, this.handlerOptions());
  }

  /** The image of this name, as the service holds it. */
  public image(name: string): Image | undefined {
    return this.images.get(name)?.image;
  }

  public allImages(): string[] {
    return [...this.images.keys()];
  }

  public tagsOf(name: string): Record<string, string> {
    return { ...this.images.get(name)?.tags };
  }

  public statesOf(name: string): ImageState[] {
    return [...(this.images.get(name)?.states ?? [])];
  }

  /** A fleet starts (or, with undefined, stops) using the image. */
  public useImage(name: string, fleet: string | undefined): void {
    this.images.get(name)!.usedBy = fleet;
  }

  /** An image made outside the stack (another stack's, or a person's), AVAILABLE, with these tags. */
  public addImage(name: string, tags: Record<string, string> = {}): void {
    this.images.set(name, {
      image: { Name: name, Arn: arnOf(name), State: 'AVAILABLE', CreatedTime: new Date(this.clock) }, tags: { ...tags }, lastChangeAt: this.clock, states: ['AVAILABLE'],
    });
  }

  public lastChangeAt(physicalResourceId: string): number | undefined {
    const name = physicalResourceId.split('image/')[1];
    return name === undefined ? undefined : this.images.get(name)?.lastChangeAt ?? this.gone.get(name);
  }

  protected advanceTo(at: number): void {
    this.advanceThrough(at, consider => {
      for (const [name, fake] of this.images) {
        if (fake.next) consider(fake.next.at, () => this.transition(name, fake));
      }
    });
  }

  private transition(name: string, fake: FakeImage): void {
    const next = fake.next!;
    fake.next = undefined;
    if (next.state === 'GONE') {
      this.images.delete(name);
      this.gone.set(name, this.clock);
      return;
    }
    this.setState(fake, next.state);
    const d = this.durations;
    if (next.state === 'IMPORTING') {
      fake.next = { at: this.clock + d.importing * 1000, state: this.fails(name) ? 'FAILED' : 'VALIDATING' };
    } else if (next.state === 'VALIDATING') {
      fake.next = { at: this.clock + d.validating * 1000, state: 'AVAILABLE' };
    } else if (next.state === 'FAILED' && this.options.failImport) {
      fake.image.StateChangeReason = { ...this.options.failImport.reason } as Image['StateChangeReason'];
      fake.image.ImageErrors = this.options.failImport.errors.map(e => ({ ...e }));
    }
  }

  private fails(name: string): boolean {
    const failure = this.options.failImport;
    return failure !== undefined && (failure.names === undefined || failure.names.includes(name));
  }

  private setState(fake: FakeImage, state: ImageState): void {
    fake.image.State = state;
    fake.states.push(state);
    fake.lastChangeAt = this.clock;
  }

  private createImportedImage(input: CreateImportedImageRequest) {
    // IAM before the service: the provider role may import only with the stack tag of its own stack
    // (an aws:RequestTag condition, lib/applications/image-permissions.ts), the dry run included.
    if (input.Tags?.[STACK_TAG] !== STACK_ID) {
      throw new AppStreamServiceException({
        name: 'AccessDeniedException',
        $fault: 'client',
        $metadata: this.metadata(400),
        message: 'User: arn:aws:sts::123456789012:assumed-role/provider-role/handler is not authorized to perform: appstream:CreateImportedImage because no identity-based policy allows the appstream:CreateImportedImage action',
      });
    }
    if (this.images.has(input.Name!)) {
      throw new ResourceAlreadyExistsException({ message: `The image ${input.Name} already exists.`, $metadata: this.metadata(400) });
    }
    const source = input.WorkspaceImageId ?? input.SourceAmiId;
    if (this.options.sources && !this.options.sources.includes(source ?? '')) {
      throw new ResourceNotFoundException({ message: `The source ${source} was not found.`, $metadata: this.metadata(400) });
    }
    if (input.DryRun) {
      throw new DryRunOperationException({ message: 'Request would have succeeded, but DryRun flag is set.', $metadata: this.metadata(400) });
    }
    const image: Image = {
      Name: input.Name,
      Arn: arnOf(input.Name!),
      State: 'PENDING',
      Description: input.Description,
      DisplayName: input.DisplayName,
      CreatedTime: new Date(this.clock),
    };
    const fake: FakeImage = { image, tags: { ...input.Tags }, lastChangeAt: this.clock, states: ['PENDING'], next: { at: this.clock + this.durations.pending * 1000, state: 'IMPORTING' } };
    this.images.set(input.Name!, fake);
    return { Image: { ...image } };
  }

  private describeImages(names: readonly string[]) {
    const found = names.map(n => this.images.get(n)).filter((i): i is FakeImage => i !== undefined);
    if (found.length < names.length && (this.options.missingImage ?? 'not-found') === 'not-found') {
      throw new ResourceNotFoundException({ message: 'The specified image was not found.', $metadata: this.metadata(400) });
    }
    return { Images: found.map(f => ({ ...f.image })) };
  }

  private deleteImage(name: string) {
    const fake = this.images.get(name);
    if (!fake) {
      throw new ResourceNotFoundException({ message: `The image ${name} was not found.`, $metadata: this.metadata(400) });
    }
    if (fake.usedBy) {
      throw new ResourceInUseException({ message: `The image ${name} is in use by fleet ${fake.usedBy}.`, $metadata: this.metadata(400) });
    }
    if (this.concurrentLeft > 0) {
      this.concurrentLeft--;
      throw new ConcurrentModificationException({ message: 'An API error occurred. Wait a few minutes and try again.', $metadata: this.metadata(400) });
    }
    this.setState(fake, 'DELETING');
    fake.next = { at: this.clock + this.durations.deleting * 1000, state: 'GONE' };
    return { Image: { ...fake.image } };
  }

  private byArn(arn: string): FakeImage {
    const fake = this.images.get(arn.split('image/')[1] ?? '');
    if (!fake) {
      throw new ResourceNotFoundException({ message: `The resource ${arn} was not found.`, $metadata: this.metadata(400) });
    }
    return fake;
  }
}

export function arnOf(name: string): string {
  return `arn:aws:appstream:${REGION}:${ACCOUNT}:image/${name}`;
}

/** A template of the image resource, as the tests write it. */
export interface ImageTemplate {
  readonly imageName: string;
  readonly workspaceImageId?: string;
  readonly sourceAmiId?: string;
  readonly iamRoleArn?: string;
  readonly bundleId?: string;
  readonly description?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly timeoutSeconds?: number;
}

const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/apps/5b9a8c40-0000-11f0-0000-0a1b2c3d4e5f';

export function imageProperties(template: ImageTemplate): ResourceProperties {
  const props: Record<string, unknown> = { ServiceToken: SERVICE_TOKEN, [PROPERTY.imageName]: template.imageName };
  const set = (key: string, value: unknown) => {
    if (value !== undefined) props[key] = typeof value === 'number' ? String(value) : value;
  };
  const hasSource = template.sourceAmiId !== undefined || template.bundleId !== undefined;
  set(PROPERTY.workspaceImageId, template.workspaceImageId ?? (hasSource ? undefined : 'wsi-0123456789'));
  set(PROPERTY.sourceAmiId, template.sourceAmiId);
  set(PROPERTY.iamRoleArn, template.iamRoleArn);
  set(PROPERTY.bundleId, template.bundleId);
  set(PROPERTY.description, template.description);
  if (template.tags) props[PROPERTY.tags] = Object.entries(template.tags).map(([Key, Value]) => ({ Key, Value }));
  set(PROPERTY.timeoutSeconds, template.timeoutSeconds ?? 3300);
  return props as ResourceProperties;
}

export const { createEvent, updateEvent, deleteEvent } = requestBuilders<ImageTemplate>({
  stackId: STACK_ID,
  resourceType: 'Custom::ApplicationsImage',
  logicalResourceId: 'Image',
  properties: imageProperties,
});
