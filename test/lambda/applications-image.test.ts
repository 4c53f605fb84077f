/**
 * The imported image handler, call by call, with aws-sdk-client-mock: every
 * request type, every image state, and the faults the SDK rejects with
 * (errors named as the service names them).
 */
import {
  AppStreamClient,
  AppStreamServiceException,
  CreateImportedImageCommand,
  DeleteImageCommand,
  DescribeImagesCommand,
  DryRunOperationException,
  InvalidRoleException,
  ListTagsForResourceCommand,
  ResourceNotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
  type Image,
} from '@aws-sdk/client-appstream';
import { DescribeWorkspaceBundlesCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { ApplicationsImageHandler, isImageArn, PLAN_FIELD, type ImagePlan } from '../../lambda/applications/handler';
import { importChanged, parseSpec } from '../../lambda/applications/spec';
import { STACK_RESOURCE_TAG, STACK_TAG, stackResourceId } from '../../lambda/shared/ownership';
import type { IsCompleteRequest, OnEventRequest, RequestType } from '../../lambda/shared/types';

const NOW = Date.parse('2026-12-01T09:00:00.000Z');
const MINUTE = 60 * 1000;
const ARN = 'arn:aws:appstream:eu-west-1:111122223333:image/call-centre';
const ROLE_ARN = 'arn:aws:iam::111122223333:role/appstream-import';
const meta = { httpStatusCode: 400, requestId: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d', attempts: 6, totalRetryDelay: 9000 };
const throttling = () => new AppStreamServiceException({ name: 'ThrottlingException', $fault: 'client', message: 'Rate exceeded', $metadata: meta });

function request(type: RequestType, props: Record<string, unknown> = {}, physicalId?: string, oldProps?: Record<string, unknown>): OnEventRequest {
  const properties = (p: Record<string, unknown>) => ({ ServiceToken: 'token', ImageName: 'call-centre', WorkspaceImageId: 'wsi-0123456789', TimeoutSeconds: '3600', ...p });
  return {
    RequestType: type,
    ServiceToken: 'arn:aws:lambda:eu-west-1:111122223333:function:framework-onEvent',
    ResponseURL: 'https://cloudformation-custom-resource-response-euwest1.s3.amazonaws.com/presigned',
    StackId: 'arn:aws:cloudformation:eu-west-1:111122223333:stack/Apps/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
    RequestId: '5d2c8f0e-3b7a-4c1d-9e6f-0a1b2c3d4e5f',
    ResourceType: 'Custom::ApplicationsImage',
    LogicalResourceId: 'Image',
    ResourceProperties: properties(props),
    ...(physicalId ? { PhysicalResourceId: physicalId } : {}),
    ...(oldProps ? { OldResourceProperties: properties(oldProps) } : {}),
  };
}

function poll(type: RequestType, plan: Partial<ImagePlan> = {}, physicalId = ARN): IsCompleteRequest {
  const operation = type === 'Delete' ? 'delete' : 'create';
  const full: ImagePlan = { operation, startedAt: NOW - MINUTE, deadline: NOW + 54 * MINUTE, ...plan };
  return { ...request(type, {}, physicalId), PhysicalResourceId: physicalId, [PLAN_FIELD]: full } as IsCompleteRequest;
}

const appStream = mockClient(AppStreamClient);
const workSpaces = mockClient(WorkSpacesClient);
let now: number;
let handler: ApplicationsImageHandler;
const owned = { [STACK_RESOURCE_TAG]: stackResourceId(request('Create')) };

beforeEach(() => {
  appStream.reset();
  workSpaces.reset();
  now = NOW;
  handler = new ApplicationsImageHandler(
    { appStream: new AppStreamClient({ region: 'eu-west-1' }), workSpaces: new WorkSpacesClient({ region: 'eu-west-1' }) },
    { now: () => now, log: () => undefined },
  );
  appStream.on(DescribeImagesCommand).resolves({ Images: [] });
  appStream.on(CreateImportedImageCommand, { DryRun: true }).rejects(new DryRunOperationException({ message: 'Request would have succeeded, but DryRun flag is set.', $metadata: meta }));
  appStream.on(CreateImportedImageCommand, { DryRun: undefined }).resolves({ Image: { Name: 'call-centre', Arn: ARN, State: 'PENDING' } });
});

const image = (state: Image['State'], extra: Partial<Image> = {}): Image => ({ Name: 'call-centre', Arn: ARN, State: state, ...extra });

describe('Create', () => {
  test('a dry run, then the import with the ownership tags; the physical id is the image ARN', async () => {
    const response = await handler.onEvent(request('Create', { Tags: [{ Key: 'team', Value: 'support' }], IntendedInstanceType: 'stream.standard.medium' }));

    expect(response.PhysicalResourceId).toBe(ARN);
    const creates = appStream.commandCalls(CreateImportedImageCommand).map(c => c.args[0].input);
    expect(creates.map(c => c.DryRun)).toEqual([true, undefined]);
    expect(creates[1]).toMatchObject({
      Name: 'call-centre',
      WorkspaceImageId: 'wsi-0123456789',
      RuntimeValidationConfig: { IntendedInstanceType: 'stream.standard.medium' },
      Tags: { team: 'support', [STACK_RESOURCE_TAG]: owned[STACK_RESOURCE_TAG] },
    });
    // The role may import only with this tag (aws:RequestTag condition): the dry run carries it too, or it would be denied.
    for (const input of creates) {
      expect(input.Tags).toMatchObject({ [STACK_TAG]: request('Create').StackId });
    }
  });

  test('an AMI is imported with its role', async () => {
    await handler.onEvent(request('Create', { WorkspaceImageId: '', SourceAmiId: 'ami-0123456789abcdef0', IamRoleArn: ROLE_ARN }));

    const imported = appStream.commandCalls(CreateImportedImageCommand).map(c => c.args[0].input);
    expect(imported).toHaveLength(2);
    for (const input of imported) {
      expect(input).toMatchObject({ SourceAmiId: 'ami-0123456789abcdef0', IamRoleArn: ROLE_ARN });
      expect(input).not.toHaveProperty('WorkspaceImageId');
    }
  });

  test('a dry run that fails stops the create before anything is imported, with the service\'s error and what to do', async () => {
    appStream.on(CreateImportedImageCommand, { DryRun: true }).rejects(new InvalidRoleException({ message: 'The role cannot be assumed.', $metadata: meta }));

    await expect(handler.onEvent(request('Create', { WorkspaceImageId: '', SourceAmiId: 'ami-0123456789abcdef0', IamRoleArn: ROLE_ARN })))
      .rejects.toThrow(/failed its dry run: InvalidRoleException: The role cannot be assumed\. Nothing was imported\. What to do: the IAM role must be trusted by appstream\.amazonaws\.com/);
    expect(appStream.commandCalls(CreateImportedImageCommand)).toHaveLength(1);
  });

  test('a bundle whose lookup is denied fails, naming the permission', async () => {
    workSpaces.on(DescribeWorkspaceBundlesCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));

    await expect(handler.onEvent(request('Create', { WorkspaceImageId: '', BundleId: 'wsb-0123456789' })))
      .rejects.toThrow(/bundle wsb-0123456789, could not be described \(AccessDeniedException: not authorized\).*workspaces:DescribeWorkspaceBundles/);
    expect(appStream.commandCalls(CreateImportedImageCommand)).toHaveLength(0);
  });
});

describe('isComplete of a create', () => {
  test.each(['PENDING', 'IMPORTING', 'VALIDATING', 'CREATING'] as const)('%s: not yet', async state => {
    appStream.on(DescribeImagesCommand).resolves({ Images: [image(state)] });
    await expect(handler.isComplete(poll('Create'))).resolves.toEqual({ IsComplete: false });
  });

  test('AVAILABLE: done, with every attribute', async () => {
    appStream.on(DescribeImagesCommand).resolves({ Images: [image('AVAILABLE')] });
    await expect(handler.isComplete(poll('Create'))).resolves.toEqual({ IsComplete: true, Data: { ImageArn: ARN, ImageName: 'call-centre' } });
  });

  test('FAILED without errors still says so and what to do', async () => {
    appStream.on(DescribeImagesCommand).resolves({ Images: [image('FAILED')] });
    await expect(handler.isComplete(poll('Create'))).rejects.toThrow(/failed to import: state FAILED; state change reason none given; no image errors\. What to do/);
  });

  test('throttling: not yet; past the deadline: the timeout with the describe failure', async () => {
    appStream.on(DescribeImagesCommand).rejects(throttling());
    await expect(handler.isComplete(poll('Create'))).resolves.toEqual({ IsComplete: false });
    now = NOW + 60 * MINUTE;
    await expect(handler.isComplete(poll('Create'))).rejects.toThrow(/was not AVAILABLE within the timeout of 55 min: the image could not be described at the deadline \(ThrottlingException: Rate exceeded\)/);
  });

  test('still IMPORTING past the deadline: the timeout with the state last seen', async () => {
    appStream.on(DescribeImagesCommand).resolves({ Images: [image('IMPORTING')] });
    now = NOW + 60 * MINUTE;
    await expect(handler.isComplete(poll('Create'))).rejects.toThrow(/last seen in state IMPORTING/);
  });

  test('a describe that is denied fails at once, naming the permission', async () => {
    appStream.on(DescribeImagesCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
    await expect(handler.isComplete(poll('Create'))).rejects.toThrow(/appstream:DescribeImages permission/);
  });
});

describe('Update', () => {
  test('tags change in place after the ownership check and the operation mark', async () => {
    appStream.on(DescribeImagesCommand).resolves({ Images: [image('AVAILABLE')] });
    appStream.on(ListTagsForResourceCommand).resolves({ Tags: { ...owned, team: 'support' } });

    const response = await handler.onEvent(request('Update', { Tags: [{ Key: 'cost', Value: 'cc-42' }] }, ARN, { Tags: [{ Key: 'team', Value: 'support' }] }));

    expect(response.PhysicalResourceId).toBe(ARN);
    expect(appStream).toHaveReceivedCommandWith(UntagResourceCommand, { ResourceArn: ARN, TagKeys: ['team'] });
    expect(appStream).toHaveReceivedCommandWith(TagResourceCommand, { ResourceArn: ARN, Tags: { cost: 'cc-42' } });
    expect(appStream.commandCalls(CreateImportedImageCommand)).toHaveLength(0);
  });

  test('an image another stack resource owns is refused, and its tags are not touched', async () => {
    appStream.on(DescribeImagesCommand).resolves({ Images: [image('AVAILABLE')] });
    appStream.on(ListTagsForResourceCommand).resolves({ Tags: { [STACK_RESOURCE_TAG]: 'another' } });

    await expect(handler.onEvent(request('Update', { Tags: [{ Key: 'cost', Value: 'x' }] }, ARN, {}))).rejects.toThrow(/does not belong to this stack resource/);
    expect(appStream.commandCalls(TagResourceCommand)).toHaveLength(0);
  });
});

describe('Delete', () => {
  test('onEvent plans; isComplete deletes an owned AVAILABLE image, then waits for it to go', async () => {
    await expect(handler.onEvent(request('Delete', {}, ARN))).resolves.toMatchObject({ PhysicalResourceId: ARN });
    appStream.on(DescribeImagesCommand).resolves({ Images: [image('AVAILABLE')] });
    appStream.on(ListTagsForResourceCommand).resolves({ Tags: owned });
    appStream.on(DeleteImageCommand).resolves({});

    await expect(handler.isComplete(poll('Delete'))).resolves.toEqual({ IsComplete: false });
    expect(appStream).toHaveReceivedCommandWith(DeleteImageCommand, { Name: 'call-centre' });

    appStream.on(DescribeImagesCommand).rejects(new ResourceNotFoundException({ message: 'not found', $metadata: meta }));
    await expect(handler.isComplete(poll('Delete'))).resolves.toEqual({ IsComplete: true });
  });

  test('an image still importing is waited for, not deleted', async () => {
    appStream.on(DescribeImagesCommand).resolves({ Images: [image('IMPORTING')] });
    appStream.on(ListTagsForResourceCommand).resolves({ Tags: owned });
    await expect(handler.isComplete(poll('Delete'))).resolves.toEqual({ IsComplete: false });
    expect(appStream.commandCalls(DeleteImageCommand)).toHaveLength(0);
  });

  test('an image another stack resource owns is left alone, and the delete succeeds', async () => {
    appStream.on(DescribeImagesCommand).resolves({ Images: [image('AVAILABLE')] });
    appStream.on(ListTagsForResourceCommand).resolves({ Tags: { [STACK_RESOURCE_TAG]: 'another' } });
    await expect(handler.isComplete(poll('Delete'))).resolves.toEqual({ IsComplete: true });
    expect(appStream.commandCalls(DeleteImageCommand)).toHaveLength(0);
  });

  test('a DeleteImage refusal other than in-use fails with the service\'s error', async () => {
    appStream.on(DescribeImagesCommand).resolves({ Images: [image('AVAILABLE')] });
    appStream.on(ListTagsForResourceCommand).resolves({ Tags: owned });
    appStream.on(DeleteImageCommand).rejects(Object.assign(new Error('denied'), { name: 'OperationNotPermittedException' }));
    await expect(handler.isComplete(poll('Delete'))).rejects.toThrow(/Deleting WorkSpaces Applications image 'call-centre' was refused: OperationNotPermittedException: denied/);
  });
});

describe('the physical id and the properties', () => {
  test('only an image ARN is an id this handler issued', () => {
    expect(isImageArn(ARN)).toBe(true);
    expect(isImageArn('call-centre')).toBe(false);
    expect(isImageArn('image-arn-unknown-5d2c8f0e')).toBe(false);
    expect(isImageArn('arn:aws:appstream:eu-west-1:111122223333:fleet/call-centre')).toBe(false);
  });

  test('exactly one source is required', () => {
    expect(() => parseSpec(request('Create', { SourceAmiId: 'ami-01234567', IamRoleArn: ROLE_ARN }).ResourceProperties))
      .toThrow(/WorkspaceImageId, SourceAmiId and BundleId must have exactly one set/);
    expect(() => parseSpec(request('Create', { WorkspaceImageId: '' }).ResourceProperties)).toThrow(/must have exactly one set/);
    expect(() => parseSpec(request('Create', { WorkspaceImageId: '', SourceAmiId: 'ami-01234567' }).ResourceProperties)).toThrow(/IamRoleArn is required/);
  });

  test('only tags and the timeout are not part of what is imported', () => {
    const spec = (props: Record<string, unknown>) => parseSpec(request('Create', props).ResourceProperties);
    expect(importChanged(spec({}), spec({ Tags: [{ Key: 'a', Value: 'b' }], TimeoutSeconds: '60' }))).toBe(false);
    expect(importChanged(spec({}), spec({ DisplayName: 'x' }))).toBe(true);
    expect(importChanged(spec({}), spec({ WorkspaceImageId: 'wsi-9999999999' }))).toBe(true);
    expect(importChanged(spec({}), spec({ AppCatalog: [{ Name: 'a', AbsoluteAppPath: 'C:\\a.exe' }] }))).toBe(true);
  });
});
