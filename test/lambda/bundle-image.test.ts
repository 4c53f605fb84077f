import {
  AccessDeniedException,
  DescribeWorkspaceBundlesCommand,
  DescribeWorkspaceImagesCommand,
  WorkSpacesClient,
  WorkSpacesServiceException,
  type WorkspaceImage,
} from '@aws-sdk/client-workspaces';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { BUNDLE_IMAGE_PLAN_FIELD, BundleImageHandler, type BundleImagePlan } from '../../lambda/pool/bundle-image';
import type { IsCompleteRequest, OnEventRequest, OnEventResponse, RequestType } from '../../lambda/shared/types';

const NOW = Date.parse('2026-03-02T09:00:00.000Z');
const MINUTE = 60 * 1000;
const BUNDLE_ID = 'wsb-custom0001';
const IMAGE_ID = 'wsi-0123456789';
const meta = { httpStatusCode: 400, requestId: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d', attempts: 6, totalRetryDelay: 9000 };
const throttling = () => new WorkSpacesServiceException({ name: 'ThrottlingException', $fault: 'client', message: 'Rate exceeded', $metadata: meta });

function request(type: RequestType, props: Record<string, unknown> = {}, physicalId?: string): OnEventRequest {
  return {
    RequestType: type,
    ServiceToken: 'arn:aws:lambda:eu-west-1:111122223333:function:framework-onEvent',
    ResponseURL: 'https://cloudformation-custom-resource-response-euwest1.s3.amazonaws.com/presigned',
    StackId: 'arn:aws:cloudformation:eu-west-1:111122223333:stack/CallCentre/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
    RequestId: '5d2c8f0e-3b7a-4c1d-9e6f-0a1b2c3d4e5f',
    ResourceType: 'Custom::WorkspacesBundleImage',
    LogicalResourceId: 'PoolBundleImage',
    ResourceProperties: { ServiceToken: 'token', BundleId: BUNDLE_ID, PoolName: 'call-centre', TimeoutSeconds: '3600', ...props },
    ...(physicalId ? { PhysicalResourceId: physicalId } : {}),
  };
}

function poll(type: RequestType, plan: Partial<BundleImagePlan> = {}): IsCompleteRequest {
  const full: BundleImagePlan = { operation: 'check', startedAt: NOW - MINUTE, deadline: NOW + 59 * MINUTE, ...plan };
  return { ...request(type), PhysicalResourceId: BUNDLE_ID, [BUNDLE_IMAGE_PLAN_FIELD]: full } as IsCompleteRequest;
}

const ws = mockClient(WorkSpacesClient);
let now: number;
let logs: string[];
let handler: BundleImageHandler;
let image: WorkspaceImage;

beforeEach(() => {
  ws.reset();
  now = NOW;
  logs = [];
  image = { ImageId: IMAGE_ID, State: 'AVAILABLE' };
  handler = new BundleImageHandler(new WorkSpacesClient({ region: 'eu-west-1' }), { now: () => now, log: line => logs.push(line) });
  ws.on(DescribeWorkspaceBundlesCommand).resolves({ Bundles: [{ BundleId: BUNDLE_ID, Owner: '111122223333', ImageId: IMAGE_ID }] });
  ws.on(DescribeWorkspaceImagesCommand).callsFake(() => ({ Images: [image] }));
});

const logged = (event: string) => logs.map(l => JSON.parse(l) as Record<string, unknown>).filter(e => e.event === event);

describe('onEvent', () => {
  test.each(['Create', 'Update'] as const)('%s plans the check, names the bundle as the physical id, and calls nothing', async type => {
    const response: OnEventResponse = await handler.onEvent(request(type, {}, type === 'Update' ? 'wsb-older00001' : undefined));

    expect(response).toEqual({ PhysicalResourceId: BUNDLE_ID, [BUNDLE_IMAGE_PLAN_FIELD]: { operation: 'check', startedAt: NOW, deadline: NOW + 3600 * 1000 } });
    expect(ws.calls()).toHaveLength(0);
  });

  test('Delete has nothing to remove: the check made nothing', async () => {
    const event = request('Delete', {}, BUNDLE_ID);
    const response = await handler.onEvent(event);

    await expect(handler.isComplete({ ...event, ...response } as IsCompleteRequest)).resolves.toEqual({ IsComplete: true });
    expect(ws.calls()).toHaveLength(0);
  });

  test('rejects a property that is not a bundle id', async () => {
    await expect(handler.onEvent(request('Create', { BundleId: 'bundle-1' }))).rejects.toThrow(
      'Custom::WorkspacesBundleImage property BundleId must be a bundle id (wsb- and 8-63 lowercase letters or digits), got "bundle-1"',
    );
  });
});

describe('isComplete', () => {
  test('a public (AMAZON) bundle is done without looking at its image', async () => {
    ws.on(DescribeWorkspaceBundlesCommand).resolves({ Bundles: [{ BundleId: BUNDLE_ID, Owner: 'AMAZON', ImageId: 'wsi-amazon0001' }] });

    await expect(handler.isComplete(poll('Create'))).resolves.toEqual({
      IsComplete: true, Data: { BundleId: BUNDLE_ID, ImageId: 'wsi-amazon0001', ImageState: '' },
    });
    expect(ws).not.toHaveReceivedCommand(DescribeWorkspaceImagesCommand);
  });

  test('a custom bundle whose image is AVAILABLE is done, with the image in its attributes', async () => {
    await expect(handler.isComplete(poll('Create'))).resolves.toEqual({
      IsComplete: true, Data: { BundleId: BUNDLE_ID, ImageId: IMAGE_ID, ImageState: 'AVAILABLE' },
    });
    expect(ws).toHaveReceivedCommandWith(DescribeWorkspaceBundlesCommand, { BundleIds: [BUNDLE_ID] });
    expect(ws).toHaveReceivedCommandWith(DescribeWorkspaceImagesCommand, { ImageIds: [IMAGE_ID] });
  });

  test('an AVAILABLE image with an update available says so in the log, and does not wait for it', async () => {
    image = { ImageId: IMAGE_ID, State: 'AVAILABLE', Updates: { UpdateAvailable: true, Description: 'New agent' } };

    await expect(handler.isComplete(poll('Create'))).resolves.toMatchObject({ IsComplete: true });
    expect(logged('image-update-available')).toEqual([expect.objectContaining({ image: IMAGE_ID, description: 'New agent' })]);
  });

  test('a PENDING image is waited for, logging the image and its state', async () => {
    image = { ImageId: IMAGE_ID, State: 'PENDING' };

    await expect(handler.isComplete(poll('Create'))).resolves.toEqual({ IsComplete: false });
    expect(logged('waiting')).toEqual([expect.objectContaining({ bundle: BUNDLE_ID, state: 'PENDING', detail: `image ${IMAGE_ID}` })]);
  });

  test('a PENDING image past the timeout fails, saying nothing was created or changed and what to do', async () => {
    image = { ImageId: IMAGE_ID, State: 'PENDING' };
    now = NOW + 60 * MINUTE;

    await expect(handler.isComplete(poll('Create'))).rejects.toThrow(
      `The image of bundle ${BUNDLE_ID} (WorkSpaces pool 'call-centre') did not become AVAILABLE within the timeout of 1 h: image ${IMAGE_ID} was still PENDING. ` +
      'An image import can take hours: wait until the image is AVAILABLE in the WorkSpaces console, then deploy again, or raise the WorkspacesPool timeout. Nothing was created or changed.',
    );
  });

  test.each([
    ['Create', 'was not created'],
    ['Update', 'was not changed'],
  ] as const)('an image in ERROR fails a %s with its code, its message and every error detail', async (type, outcome) => {
    image = {
      ImageId: IMAGE_ID,
      State: 'ERROR',
      ErrorCode: 'ImportFailed',
      ErrorMessage: 'The image failed the import checks.',
      ErrorDetails: [
        { ErrorCode: 'MemoryIntegrityIncompatibility', ErrorMessage: 'Memory integrity is turned on.' },
        { ErrorCode: 'RestrictedDriveLetterInUse', ErrorMessage: 'Drive letter D is in use' },
      ],
    };

    await expect(handler.isComplete(poll(type))).rejects.toThrow(
      `Image ${IMAGE_ID} of bundle ${BUNDLE_ID} is in state ERROR (ImportFailed: The image failed the import checks); error details: ` +
      'MemoryIntegrityIncompatibility: Memory integrity is turned on; RestrictedDriveLetterInUse: Drive letter D is in use. ' +
      `WorkSpaces pool 'call-centre' ${outcome}. ` +
      'Fix what the details name in the image and import it again (then build a bundle from it), or choose another bundleId, then deploy again.',
    );
  });

  test('an image in ERROR without details still fails with its code', async () => {
    image = { ImageId: IMAGE_ID, State: 'ERROR', ErrorCode: 'InternalServiceError' };

    await expect(handler.isComplete(poll('Create'))).rejects.toThrow(`Image ${IMAGE_ID} of bundle ${BUNDLE_ID} is in state ERROR (InternalServiceError). `);
  });

  test('fails when the bundle does not exist', async () => {
    ws.on(DescribeWorkspaceBundlesCommand).resolves({ Bundles: [] });

    await expect(handler.isComplete(poll('Create'))).rejects.toThrow(
      `Bundle ${BUNDLE_ID} of WorkSpaces pool 'call-centre' does not exist in this account and Region, or is not shared with it: check bundleId, then deploy again.`,
    );
  });

  test('fails when the bundle\'s image does not exist', async () => {
    ws.on(DescribeWorkspaceImagesCommand).resolves({ Images: [] });

    await expect(handler.isComplete(poll('Create'))).rejects.toThrow(`Image ${IMAGE_ID} of bundle ${BUNDLE_ID} (WorkSpaces pool 'call-centre') does not exist`);
  });

  test.each([
    ['DescribeWorkspaceBundles', DescribeWorkspaceBundlesCommand],
    ['DescribeWorkspaceImages', DescribeWorkspaceImagesCommand],
  ] as const)('answers "not yet" when %s meets throttling', async (_name, command) => {
    ws.on(command).rejects(throttling());

    await expect(handler.isComplete(poll('Create'))).resolves.toEqual({ IsComplete: false });
  });

  test('fails with the service\'s answer and the permissions to check when a describe is denied', async () => {
    ws.on(DescribeWorkspaceImagesCommand).rejects(new AccessDeniedException({ message: 'not authorized to perform workspaces:DescribeWorkspaceImages', $metadata: meta }));

    await expect(handler.isComplete(poll('Create'))).rejects.toThrow(
      `Checking bundle ${BUNDLE_ID} of WorkSpaces pool 'call-centre' failed: AccessDeniedException: not authorized to perform workspaces:DescribeWorkspaceImages. ` +
      'Check the provider role\'s workspaces:DescribeWorkspaceBundles and workspaces:DescribeWorkspaceImages permissions, then deploy again.',
    );
  });

  test('throttling past the deadline fails with what could not be described', async () => {
    ws.on(DescribeWorkspaceBundlesCommand).rejects(throttling());
    now = NOW + 60 * MINUTE;

    await expect(handler.isComplete(poll('Create'))).rejects.toThrow('the bundle and its image could not be described at the deadline (ThrottlingException: Rate exceeded)');
  });
});

describe('index', () => {
  test('the provider routes Custom::WorkspacesBundleImage to the pool bundle\'s bundleImage handler', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { ROUTES } = require('../../lambda/provider/routes') as typeof import('../../lambda/provider/routes');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pool = require('../../lambda/pool') as typeof import('../../lambda/pool');
    expect(ROUTES['Custom::WorkspacesBundleImage']()).toBe(pool.bundleImage);
    expect(pool.bundleImage).toBeInstanceOf(BundleImageHandler);
  });
});
