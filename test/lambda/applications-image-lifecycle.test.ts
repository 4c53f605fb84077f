/**
 * The imported image handler driven through whole CloudFormation operations
 * against a stateful fake of WorkSpaces Applications' images
 * (test/support/appstream-image-fake.ts), the way the Provider framework
 * drives it: onEvent, then isComplete at once and every 30 virtual seconds.
 */
import { createHash } from 'crypto';
import { CREATE_REQUEST_TAG, OPERATION_TAG, STACK_RESOURCE_TAG, STACK_TAG } from '../../lambda/shared/ownership';
import type { OnEventRequest } from '../../lambda/shared/types';
import {
  AppStreamImageFake, arnOf, createEvent, deleteEvent, updateEvent, type ImageFakeOptions, type ImageTemplate,
} from '../support/appstream-image-fake';
import { runOperation, type OperationResult } from '../support/provider-driver';

const BASE: ImageTemplate = { imageName: 'call-centre', workspaceImageId: 'wsi-0123456789', tags: { team: 'support' } };
const stackResource = (event: OnEventRequest) => createHash('sha256').update(`${event.StackId}/${event.LogicalResourceId}`).digest('hex');

const fakes: AppStreamImageFake[] = [];
afterEach(() => {
  for (const fake of fakes.splice(0)) fake.restore();
});

function world(options: ImageFakeOptions = {}) {
  const fake = new AppStreamImageFake(options);
  fakes.push(fake);
  const handler = fake.newHandler();
  const run = (event: OnEventRequest): Promise<OperationResult> => runOperation(handler, event, { fake });
  return { fake, handler, run };
}

const calls = (result: OperationResult, operation: string) => result.apiCalls.byOperation[operation] ?? 0;

describe('create', () => {
  test('a dry run, then the import; done once the image is AVAILABLE, with its attributes and ownership tags', async () => {
    const { fake, run } = world();
    const event = createEvent(BASE);

    const result = await run(event);

    expect(result.outcome).toBe('SUCCESS');
    expect(result.physicalResourceId).toBe(arnOf('call-centre'));
    expect(result.data).toEqual({ ImageArn: arnOf('call-centre'), ImageName: 'call-centre' });
    expect(fake.statesOf('call-centre')).toEqual(['PENDING', 'IMPORTING', 'VALIDATING', 'AVAILABLE']);
    const creates = fake.callLog.filter(c => c.operation === 'CreateImportedImage').map(c => c.input as Record<string, unknown>);
    expect(creates.map(c => c.DryRun)).toEqual([true, undefined]);
    expect(creates[1]).toMatchObject({ Name: 'call-centre', WorkspaceImageId: 'wsi-0123456789' });
    expect(fake.tagsOf('call-centre')).toEqual({
      team: 'support',
      [CREATE_REQUEST_TAG]: event.RequestId,
      [STACK_RESOURCE_TAG]: stackResource(event),
      [STACK_TAG]: event.StackId,
      [OPERATION_TAG]: `${fake.callLog[0].at}/${event.RequestId}`,
    });
    // 30 + 900 + 600 virtual seconds: the poll at 1530 s sees it AVAILABLE.
    expect(result.virtualSeconds).toBe(1530);
    expect(result.detectionLagSeconds).toBe(0);
  });

  test('a pool bundle\'s image is looked up when the stack deploys and imported', async () => {
    const { fake, run } = world({ bundles: { 'wsb-0123456789': 'wsi-abcdefghi' } });

    const result = await run(createEvent({ imageName: 'from-bundle', bundleId: 'wsb-0123456789' }));

    expect(result.outcome).toBe('SUCCESS');
    const created = fake.callLog.filter(c => c.operation === 'CreateImportedImage').map(c => c.input as Record<string, unknown>);
    expect(created.every(c => c.WorkspaceImageId === 'wsi-abcdefghi' && c.BundleId === undefined)).toBe(true);
  });

  test('a bundle that does not exist fails before anything is imported', async () => {
    const { fake, run } = world({ bundles: {} });

    const result = await run(createEvent({ imageName: 'from-bundle', bundleId: 'wsb-0123456789' }));

    expect(result.outcome).toBe('FAILED');
    expect(result.error).toMatch(/WorkSpaces bundle wsb-0123456789, does not exist in this account and Region.*Nothing was imported/);
    expect(fake.calls('CreateImportedImage')).toBe(0);
  });

  test('FAILED: the deploy fails with the state change reason and every image error verbatim; the rollback deletes the failed image', async () => {
    const { fake, run } = world({
      failImport: {
        reason: { Code: 'IMAGE_IMPORT_FAILURE', Message: 'The image could not be imported.' },
        errors: [
          { ErrorCode: 'IAM_SERVICE_ROLE_MISSING_DESCRIBE_SUBNET_ACTION', ErrorMessage: 'The role is missing ec2:DescribeSubnets.' },
          { ErrorCode: 'INTERNAL_SERVICE_ERROR', ErrorMessage: 'Something else went wrong.' },
        ],
      },
    });

    const result = await run(createEvent(BASE));

    expect(result.outcome).toBe('FAILED');
    expect(result.error).toContain("image 'call-centre' (from WorkSpaces image wsi-0123456789) failed to import: state FAILED");
    expect(result.error).toContain('state change reason IMAGE_IMPORT_FAILURE: The image could not be imported.');
    expect(result.error).toContain('IAM_SERVICE_ROLE_MISSING_DESCRIBE_SUBNET_ACTION: The role is missing ec2:DescribeSubnets.');
    expect(result.error).toContain('INTERNAL_SERVICE_ERROR: Something else went wrong.');
    expect(result.error).toMatch(/What to do: .*deploy again/);
    expect(fake.image('call-centre')?.State).toBe('FAILED');

    const rollback = await run(deleteEvent(result.physicalResourceId, BASE));

    expect(rollback.outcome).toBe('SUCCESS');
    expect(fake.allImages()).toEqual([]);
  });

  test.each(['not-found', 'empty-list'] as const)('DescribeImages answering %s for a missing name: the create works the same', async missingImage => {
    const { fake, run } = world({ missingImage });

    const result = await run(createEvent(BASE));

    expect(result.outcome).toBe('SUCCESS');
    expect(fake.allImages()).toEqual(['call-centre']);
  });

  test('throttling and 5xx answers are ridden out: one image, AVAILABLE', async () => {
    const { fake, run } = world({ throttleRate: 0.3, serverErrorWindows: [{ fromSeconds: 300, toSeconds: 400 }], seed: 7 });

    const result = await run(createEvent(BASE));

    expect(result.outcome).toBe('SUCCESS');
    expect(result.apiCalls.throttled).toBeGreaterThan(0);
    expect(fake.allImages()).toEqual(['call-centre']);
    expect(fake.image('call-centre')?.State).toBe('AVAILABLE');
  });

  test('an import whose answer was lost is adopted, not made twice', async () => {
    const { fake, run } = world({ lostResponses: [{ operation: 'CreateImportedImage', times: 2 }] });

    const result = await run(createEvent(BASE));

    expect(result.outcome).toBe('SUCCESS');
    expect(fake.allImages()).toEqual(['call-centre']);
    expect(fake.logEvents().some(e => e.event === 'adopted')).toBe(true);
  });

  test('an image of that name that another stack resource made fails the create and is left alone', async () => {
    const { fake, run } = world();
    fake.addImage('call-centre', { [STACK_RESOURCE_TAG]: 'someone-else' });

    const result = await run(createEvent(BASE));

    expect(result.outcome).toBe('FAILED');
    expect(result.error).toMatch(/named 'call-centre' already exists.*did not import it.*choose another imageName/);
    expect(fake.calls('CreateImportedImage')).toBe(0);
    expect(fake.tagsOf('call-centre')).toEqual({ [STACK_RESOURCE_TAG]: 'someone-else' });
  });
});

describe('a cancelled create', () => {
  test('the Delete with a physical id CloudFormation made up finds the image by name and ownership tag and removes it', async () => {
    const { fake, handler, run } = world();
    // The create's onEvent imported the image, then CloudFormation cancelled the create before it answered.
    await handler.onEvent(createEvent(BASE));
    fake.advance(60);

    const result = await run(deleteEvent('call-centre-made-up-1a2b3c', BASE));

    expect(result.outcome).toBe('SUCCESS');
    expect(fake.allImages()).toEqual([]);
    // It waited for the import to settle before deleting it.
    expect(fake.callLog.filter(c => c.operation === 'DeleteImage')).toHaveLength(1);
    expect(fake.logEvents().filter(e => e.event === 'delete-requested')).toHaveLength(1);
  });

  test('the rollback Delete of a create cancelled while its image imports (the ARN known) waits for the import to settle, then deletes it', async () => {
    const { fake, handler, run } = world();
    const created = await handler.onEvent(createEvent(BASE));
    fake.advance(120);
    expect(fake.image('call-centre')?.State).toBe('IMPORTING');

    const result = await run(deleteEvent(created.PhysicalResourceId!, BASE));

    expect(result.outcome).toBe('SUCCESS');
    expect(fake.allImages()).toEqual([]);
    const deletedAt = fake.callLog.find(c => c.operation === 'DeleteImage')!.at;
    // IMPORTING ends 930 s after the create; VALIDATING 600 s later: the delete waited for AVAILABLE.
    expect(deletedAt).toBeGreaterThanOrEqual(fake.callLog[0].at + 1530 * 1000);
  });

  test('the cleanup never removes the image an earlier life of the same stack resource retained', async () => {
    // The stack resource's earlier life imported the image, then left the stack with RETAIN: the image keeps its tags.
    const { fake, run } = world();
    const retained = await run(createEvent(BASE));
    expect(retained.outcome).toBe('SUCCESS');
    fake.advance(2 * 60 * 60);

    // Added back under the same name: CloudFormation's rollback sends a Delete with a physical id of its own.
    const result = await run(deleteEvent('call-centre-made-up-2b3c4d', BASE));

    expect(result.outcome).toBe('SUCCESS');
    expect(fake.image('call-centre')?.State).toBe('AVAILABLE');
    expect(fake.calls('DeleteImage')).toBe(0);
    expect(fake.logEvents().filter(e => e.event === 'left-alone')).toEqual([expect.objectContaining({
      reason: expect.stringContaining('an earlier life of this stack resource, retained') as unknown,
    })]);
  });

  test('an image of that name another stack resource owns is never deleted', async () => {
    const { fake, run } = world();
    fake.addImage('call-centre', { [STACK_RESOURCE_TAG]: 'someone-else' });

    const result = await run(deleteEvent('call-centre-made-up-1a2b3c', BASE));

    expect(result.outcome).toBe('SUCCESS');
    expect(fake.image('call-centre')?.State).toBe('AVAILABLE');
    expect(fake.calls('DeleteImage')).toBe(0);
    expect(fake.logEvents().some(e => e.event === 'left-alone')).toBe(true);
  });
});

describe('update', () => {
  test('tags change in place: no new image', async () => {
    const { fake, run } = world();
    const created = await run(createEvent(BASE));

    const result = await run(updateEvent(created.physicalResourceId, BASE, { ...BASE, tags: { cost: 'cc-42' } }));

    expect(result.outcome).toBe('SUCCESS');
    expect(result.physicalResourceId).toBe(arnOf('call-centre'));
    expect(fake.tagsOf('call-centre')).toMatchObject({ cost: 'cc-42' });
    expect(fake.tagsOf('call-centre')).not.toHaveProperty('team');
    expect(calls(result, 'CreateImportedImage')).toBe(0);
  });

  test('a new name imports a new image under a new physical id; the Delete of the old one removes it', async () => {
    const { fake, run } = world();
    const created = await run(createEvent(BASE));
    const renamed = { ...BASE, imageName: 'call-centre-v2', workspaceImageId: 'wsi-9876543210' };

    const result = await run(updateEvent(created.physicalResourceId, BASE, renamed));

    expect(result.outcome).toBe('SUCCESS');
    expect(result.physicalResourceId).toBe(arnOf('call-centre-v2'));
    expect(fake.allImages().sort()).toEqual(['call-centre', 'call-centre-v2']);
    const cleanup = await run(deleteEvent(created.physicalResourceId, BASE));
    expect(cleanup.outcome).toBe('SUCCESS');
    expect(fake.allImages()).toEqual(['call-centre-v2']);
  });

  test('a change of what is imported under the same name fails, changing nothing', async () => {
    const { fake, run } = world();
    const created = await run(createEvent(BASE));

    const result = await run(updateEvent(created.physicalResourceId, BASE, { ...BASE, description: 'other' }));

    expect(result.outcome).toBe('FAILED');
    expect(result.error).toMatch(/cannot be changed in place.*Give the image a new imageName.*Nothing was changed/);
    expect(calls(result, 'CreateImportedImage')).toBe(0);
    expect(fake.statesOf('call-centre')).toEqual(['PENDING', 'IMPORTING', 'VALIDATING', 'AVAILABLE']);
  });

  test('the rollback of a failed rename deletes the image the rename imported and keeps the original', async () => {
    const { fake, run } = world({
      failImport: { names: ['call-centre-v2'], reason: { Code: 'IMAGE_IMPORT_FAILURE', Message: 'Unsupported driver.' }, errors: [] },
    });
    const created = await run(createEvent(BASE));
    const renamed = { ...BASE, imageName: 'call-centre-v2', workspaceImageId: 'wsi-9876543210' };
    const forward = await run(updateEvent(created.physicalResourceId, BASE, renamed));
    expect(forward.outcome).toBe('FAILED');
    expect(fake.image('call-centre-v2')?.State).toBe('FAILED');

    // CloudFormation keeps the old physical id and rolls back: an Update back to the old name. It sends no Delete
    // for the image the failed rename imported.
    const rollback = await run(updateEvent(created.physicalResourceId, renamed, BASE));

    expect(rollback.outcome).toBe('SUCCESS');
    expect(rollback.physicalResourceId).toBe(arnOf('call-centre'));
    expect(fake.allImages()).toEqual(['call-centre']);
    expect(fake.image('call-centre')?.State).toBe('AVAILABLE');
  });
});

describe('delete', () => {
  test('deletes the image and waits until it is gone', async () => {
    const { fake, run } = world();
    const created = await run(createEvent(BASE));

    const result = await run(deleteEvent(created.physicalResourceId, BASE));

    expect(result.outcome).toBe('SUCCESS');
    expect(fake.allImages()).toEqual([]);
    expect(result.virtualSeconds).toBe(60);
  });

  test('an image a fleet uses: the delete fails with ResourceInUseException and what to do; it works once the fleet moves', async () => {
    const { fake, run } = world();
    const created = await run(createEvent(BASE));
    fake.useImage('call-centre', 'call-centre-fleet');

    const result = await run(deleteEvent(created.physicalResourceId, BASE));

    expect(result.outcome).toBe('FAILED');
    expect(result.error).toMatch(/image 'call-centre' was not deleted: ResourceInUseException: The image call-centre is in use by fleet call-centre-fleet.*move the fleet to another image.*removalPolicy RETAIN/);
    expect(fake.image('call-centre')?.State).toBe('AVAILABLE');

    fake.useImage('call-centre', undefined);
    expect((await run(deleteEvent(created.physicalResourceId, BASE))).outcome).toBe('SUCCESS');
    expect(fake.allImages()).toEqual([]);
  });

  test('ConcurrentModificationException means "try again at the next poll"', async () => {
    const { fake, run } = world({ concurrentModifications: 2 });
    const created = await run(createEvent(BASE));

    const result = await run(deleteEvent(created.physicalResourceId, BASE));

    expect(result.outcome).toBe('SUCCESS');
    expect(calls(result, 'DeleteImage')).toBe(3);
    expect(fake.allImages()).toEqual([]);
  });

  test('an image already gone is a successful delete', async () => {
    const { run } = world({ missingImage: 'empty-list' });

    const result = await run(deleteEvent(arnOf('call-centre'), BASE));

    expect(result.outcome).toBe('SUCCESS');
    expect(calls(result, 'DeleteImage')).toBe(0);
  });
});
