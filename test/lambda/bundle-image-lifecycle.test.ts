/**
 * A pool on a custom bundle, driven through whole CloudFormation operations
 * against the stateful pool fake, in the order CloudFormation runs them: the
 * pool depends on its Custom::WorkspacesBundleImage, so the check completes
 * (or fails) before the pool's create or update starts.
 */
import type { OnEventRequest } from '../../lambda/shared/types';
import {
  createEvent as poolCreate,
  PoolFake,
  updateEvent as poolUpdate,
  type PoolFakeOptions,
  type PoolTemplate,
} from '../support/pool-fake';
import { requestBuilders, runOperation, type OperationResult } from '../support/provider-driver';

interface CheckTemplate {
  readonly bundleId: string;
  readonly poolName?: string;
  readonly timeoutSeconds?: number;
}

const check = requestBuilders<CheckTemplate>({
  stackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/pools/5b9a8c40-0000-11f0-0000-0a1b2c3d4e5f',
  resourceType: 'Custom::WorkspacesBundleImage',
  logicalResourceId: 'PoolBundleImage',
  properties: t => ({ ServiceToken: 'token', BundleId: t.bundleId, PoolName: t.poolName ?? 'call-centre', TimeoutSeconds: String(t.timeoutSeconds ?? 3300) }),
});

const CUSTOM_BUNDLE = 'wsb-custom0001';
const OTHER_BUNDLE = 'wsb-custom0002';
const IMAGE = 'wsi-0123456789';
const OTHER_IMAGE = 'wsi-9876543210';
const POOL: PoolTemplate = { poolName: 'call-centre', bundleId: CUSTOM_BUNDLE };

const fakes: PoolFake[] = [];
afterEach(() => {
  for (const fake of fakes.splice(0)) fake.restore();
});

function world(options: PoolFakeOptions = {}) {
  const fake = new PoolFake(options);
  fakes.push(fake);
  const checker = fake.newBundleImageHandler();
  const pools = fake.newHandler();
  const run = (handler: typeof checker | typeof pools, event: OnEventRequest) => runOperation(handler, event, { fake });
  return {
    fake,
    /** CloudFormation's order: the check, then the pool if the check succeeded. */
    async deploy(pool: PoolTemplate = POOL): Promise<{ check: OperationResult; pool?: OperationResult }> {
      const checked = await run(checker, check.createEvent({ bundleId: pool.bundleId ?? 'wsb-93xk71ss4', poolName: pool.poolName }));
      return checked.outcome === 'SUCCESS' ? { check: checked, pool: await run(pools, poolCreate(pool)) } : { check: checked };
    },
    async update(physicalId: string, from: PoolTemplate, to: PoolTemplate): Promise<{ check: OperationResult; pool?: OperationResult }> {
      const checked = await run(checker, check.updateEvent(from.bundleId ?? '', { bundleId: from.bundleId ?? '' }, { bundleId: to.bundleId ?? '' }));
      return checked.outcome === 'SUCCESS' ? { check: checked, pool: await run(pools, poolUpdate(physicalId, from, to)) } : { check: checked };
    },
  };
}

const createCalls = (fake: PoolFake) => fake.callLog.filter(c => c.operation === 'CreateWorkspacesPool');

describe('a pool on a custom bundle', () => {
  test('waits 15 minutes for a PENDING image, then creates the pool: the deploy succeeds', async () => {
    const { fake, deploy } = world();
    fake.seedBundle({ bundleId: CUSTOM_BUNDLE, imageId: IMAGE });
    fake.seedImage({ imageId: IMAGE, state: 'PENDING', availableAfterSeconds: 15 * 60 });
    const start = fake.now();

    const result = await deploy();

    expect(result.check.outcome).toBe('SUCCESS');
    expect(result.check.data).toMatchObject({ ImageId: IMAGE, ImageState: 'AVAILABLE' });
    expect(result.pool?.outcome).toBe('SUCCESS');
    // The pool was created only after the image became AVAILABLE.
    expect(createCalls(fake)).toHaveLength(1);
    expect(createCalls(fake)[0].at - start).toBeGreaterThanOrEqual(15 * 60 * 1000);
    expect(fake.logEvents().filter(e => e.event === 'waiting' && e.state === 'PENDING').length).toBeGreaterThanOrEqual(29);
  });

  test('an image in ERROR with two error details fails the deploy, naming the image and both codes; nothing is created', async () => {
    const { fake, deploy } = world();
    fake.seedBundle({ bundleId: CUSTOM_BUNDLE, imageId: IMAGE });
    fake.seedImage({
      imageId: IMAGE,
      state: 'ERROR',
      errorCode: 'ImportFailed',
      errorMessage: 'The image failed validation.',
      errorDetails: [
        { ErrorCode: 'ProtocolOSIncompatibility', ErrorMessage: 'The protocol is not supported on this operating system.' },
        { ErrorCode: 'RestrictedDriveLetterInUse', ErrorMessage: 'Drive letter D is in use.' },
      ],
    });

    const result = await deploy();

    expect(result.check.outcome).toBe('FAILED');
    expect(result.check.error).toContain(`Image ${IMAGE} of bundle ${CUSTOM_BUNDLE} is in state ERROR (ImportFailed: The image failed validation)`);
    expect(result.check.error).toContain('ProtocolOSIncompatibility: The protocol is not supported on this operating system');
    expect(result.check.error).toContain('RestrictedDriveLetterInUse: Drive letter D is in use');
    expect(result.pool).toBeUndefined();
    expect(createCalls(fake)).toHaveLength(0);
    expect(fake.allPools()).toEqual([]);
  });

  test('a public bundle needs no image call', async () => {
    const { deploy } = world();

    const result = await deploy({ poolName: 'call-centre' });

    expect(result.check.outcome).toBe('SUCCESS');
    expect(result.check.apiCalls.byOperation).toEqual({ DescribeWorkspaceBundles: 1 });
    expect(result.pool?.outcome).toBe('SUCCESS');
  });

  test('throttling of the describe calls only delays the check', async () => {
    const { fake, deploy } = world({
      throttleWindows: [{ fromSeconds: 0, toSeconds: 120, rate: 1, operations: ['DescribeWorkspaceBundles', 'DescribeWorkspaceImages'] }],
      sdkMaxAttempts: 1,
    });
    fake.seedBundle({ bundleId: CUSTOM_BUNDLE, imageId: IMAGE });
    fake.seedImage({ imageId: IMAGE, state: 'AVAILABLE' });

    const result = await deploy();

    expect(result.check.outcome).toBe('SUCCESS');
    expect(result.check.apiCalls.surfaced).toHaveProperty('ThrottlingException');
    expect(result.pool?.outcome).toBe('SUCCESS');
  });
});

describe('moving a pool to another custom bundle', () => {
  async function deployed(image: { state: 'AVAILABLE' | 'PENDING' | 'ERROR'; availableAfterSeconds?: number }) {
    const w = world();
    w.fake.seedBundle({ bundleId: CUSTOM_BUNDLE, imageId: IMAGE });
    w.fake.seedImage({ imageId: IMAGE, state: 'AVAILABLE' });
    const first = await w.deploy();
    expect(first.pool?.outcome).toBe('SUCCESS');
    w.fake.seedBundle({ bundleId: OTHER_BUNDLE, imageId: OTHER_IMAGE });
    w.fake.seedImage({ imageId: OTHER_IMAGE, errorCode: 'ImportFailed', errorDetails: [{ ErrorCode: 'OSNotSupported', ErrorMessage: 'Not supported.' }], ...image });
    return { ...w, poolId: first.pool!.physicalResourceId };
  }

  test('to one whose image is AVAILABLE: the pool gets the new bundle', async () => {
    const { fake, update, poolId } = await deployed({ state: 'AVAILABLE' });

    const result = await update(poolId, POOL, { ...POOL, bundleId: OTHER_BUNDLE });

    expect(result.pool?.outcome).toBe('SUCCESS');
    expect(fake.pool(poolId)?.BundleId).toBe(OTHER_BUNDLE);
  });

  test('to one whose image is PENDING: the update waits for it, then the pool gets the new bundle', async () => {
    const { fake, update, poolId } = await deployed({ state: 'PENDING', availableAfterSeconds: 10 * 60 });
    const start = fake.now();

    const result = await update(poolId, POOL, { ...POOL, bundleId: OTHER_BUNDLE });

    expect(result.check.outcome).toBe('SUCCESS');
    expect(result.check.virtualSeconds).toBeGreaterThanOrEqual(10 * 60);
    const updates = fake.callLog.filter(c => c.operation === 'UpdateWorkspacesPool');
    expect(updates.length).toBeGreaterThan(0);
    expect(updates[0].at - start).toBeGreaterThanOrEqual(10 * 60 * 1000);
    expect(fake.pool(poolId)?.BundleId).toBe(OTHER_BUNDLE);
  });

  test('to one whose image is in ERROR: the update fails before the pool is touched', async () => {
    const { fake, update, poolId } = await deployed({ state: 'ERROR' });
    const updatesBefore = fake.calls('UpdateWorkspacesPool');

    const result = await update(poolId, POOL, { ...POOL, bundleId: OTHER_BUNDLE });

    expect(result.check.outcome).toBe('FAILED');
    expect(result.check.error).toContain(`Image ${OTHER_IMAGE} of bundle ${OTHER_BUNDLE} is in state ERROR`);
    expect(result.check.error).toContain("WorkSpaces pool 'call-centre' was not changed");
    expect(result.pool).toBeUndefined();
    expect(fake.calls('UpdateWorkspacesPool')).toBe(updatesBefore);
    expect(fake.pool(poolId)?.BundleId).toBe(CUSTOM_BUNDLE);
  });
});
