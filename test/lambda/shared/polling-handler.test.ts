import {
  AccessDeniedException,
  InvalidResourceStateException,
  OperationInProgressException,
  ResourceNotFoundException,
} from '@aws-sdk/client-workspaces';
import { STACK_RESOURCE_TAG, stackResourceId, type Tags } from '../../../lambda/shared/ownership';
import { PollAgain, PollingHandler, type OrphanSearch, type OwnedTarget } from '../../../lambda/shared/polling-handler';
import type { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from '../../../lambda/shared/types';

const NOW = Date.UTC(2026, 8, 1, 9, 0, 0);
const metadata = (httpStatusCode: number) => ({ $metadata: { httpStatusCode, requestId: 'req-1', attempts: 3, totalRetryDelay: 1500 } });
const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', ...metadata(400) });
const serverError = () => Object.assign(new Error('Service Unavailable'), { name: 'UnknownError', ...metadata(503) });
const busy = () => new OperationInProgressException({ message: 'Another operation is in progress.', ...metadata(400) });
const denied = () => new AccessDeniedException({ message: 'Not authorized.', ...metadata(400) });
const notFound = () => new ResourceNotFoundException({ message: 'No such resource.', ...metadata(400) });
const invalidState = () => new InvalidResourceStateException({ message: 'The resource is busy.', ...metadata(400) });

const EVENT = {
  StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/desktops/5b9a8c40-0000-11f0-0000-0a1b2c3d4e5f',
  LogicalResourceId: 'Thing',
  RequestId: 'request-1',
};
const OURS: Tags = new Map([[STACK_RESOURCE_TAG, stackResourceId(EVENT)]]);

/** The base class alone, its protected steps opened for the tests. */
class TestHandler extends PollingHandler {
  public readonly lines: Record<string, unknown>[] = [];

  constructor() {
    super('thing', { now: () => NOW, log: line => this.lines.push(JSON.parse(line)) });
  }

  public isComplete(_event: IsCompleteRequest): Promise<IsCompleteResponse> {
    return Promise.resolve({ IsComplete: true });
  }
  protected onCreate(_event: OnEventRequest): Promise<OnEventResponse> {
    return Promise.resolve({});
  }
  protected onUpdate(_event: OnEventRequest): Promise<OnEventResponse> {
    return Promise.resolve({});
  }
  protected onDelete(_event: OnEventRequest): Promise<OnEventResponse> {
    return Promise.resolve({});
  }

  public try<T>(call: () => Promise<T>, refused: (error: unknown) => T | PollAgain | Promise<T | PollAgain>): Promise<T | PollAgain> {
    return this.attempt({ id: 'thing-1', state: 'BUSY' }, call, refused);
  }
  public check(target: OwnedTarget, removing: boolean): Promise<IsCompleteResponse | undefined> {
    return this.mayChange(target, EVENT, NOW - 1000, removing);
  }
  public charge(target: OwnedTarget, tags: Tags): Promise<void> {
    return this.takeCharge(target, tags, EVENT, NOW);
  }
  public search<T>(search: OrphanSearch<T>): Promise<IsCompleteResponse | undefined> {
    return this.removeWhatWasMade(search, EVENT);
  }
}

function thing(readTags: () => Promise<Tags>, writeTag: () => Promise<void> = () => Promise.resolve()): OwnedTarget {
  return {
    id: 'thing-1',
    what: 'The thing thing-1',
    changes: 'changes',
    advice: 'Leave it.',
    state: 'READY',
    leftAlone: 'left-alone',
    readTags,
    writeTag,
  };
}

describe('attempt', () => {
  let handler: TestHandler;
  let refused: jest.Mock;

  beforeEach(() => {
    handler = new TestHandler();
    refused = jest.fn(() => 'refused');
  });

  test('answers the call\'s result when it succeeds, without logging or asking refused', async () => {
    await expect(handler.try(() => Promise.resolve('result'), refused)).resolves.toBe('result');
    expect(refused).not.toHaveBeenCalled();
    expect(handler.lines).toEqual([]);
  });

  test.each([
    ['throttling', throttled, 'ThrottlingException: Rate exceeded'],
    ['a 5xx', serverError, 'UnknownError: Service Unavailable'],
    ['OperationInProgressException', busy, 'OperationInProgressException: Another operation is in progress.'],
  ])('%s is "not yet": a PollAgain, logged as waiting at the id and state given', async (_name, fault, detail) => {
    const answer = await handler.try(() => Promise.reject(fault()), refused);
    expect(answer).toBeInstanceOf(PollAgain);
    expect((answer as PollAgain).response).toEqual({ IsComplete: false });
    expect(refused).not.toHaveBeenCalled();
    expect(handler.lines).toEqual([{ thing: 'thing-1', event: 'waiting', state: 'BUSY', detail }]);
  });

  test('any other failure goes to refused, whose answer stands for the result', async () => {
    const error = denied();
    await expect(handler.try(() => Promise.reject(error), refused)).resolves.toBe('refused');
    expect(refused).toHaveBeenCalledWith(error);
    expect(handler.lines).toEqual([]);
  });

  test('what refused throws, attempt throws', async () => {
    await expect(handler.try(() => Promise.reject(denied()), error => {
      throw new Error(`no: ${(error as Error).name}`);
    })).rejects.toThrow('no: AccessDeniedException');
  });

  test('an asynchronous refused is awaited', async () => {
    await expect(handler.try(() => Promise.reject(denied()), () => Promise.resolve('later'))).resolves.toBe('later');
    await expect(handler.try(() => Promise.reject(denied()), () => Promise.reject(new Error('later, no')))).rejects.toThrow('later, no');
  });

  test('refused may answer "not yet" itself', async () => {
    const answer = await handler.try(() => Promise.reject(invalidState()), () => new PollAgain({ IsComplete: false }));
    expect(answer).toEqual(new PollAgain({ IsComplete: false }));
  });
});

describe('mayChange', () => {
  let handler: TestHandler;
  beforeEach(() => {
    handler = new TestHandler();
  });

  test('throttling while reading the tags is not yet', async () => {
    await expect(handler.check(thing(() => Promise.reject(throttled())), false)).resolves.toEqual({ IsComplete: false });
    expect(handler.lines).toEqual([{ thing: 'thing-1', event: 'waiting', state: 'READY', detail: 'ThrottlingException: Rate exceeded' }]);
  });

  test('a resource gone before its tags are read: a removal is done, any other change waits', async () => {
    await expect(handler.check(thing(() => Promise.reject(notFound())), true)).resolves.toEqual({ IsComplete: true });
    await expect(handler.check(thing(() => Promise.reject(notFound())), false)).resolves.toEqual({ IsComplete: false });
    expect(handler.lines).toEqual([{ thing: 'thing-1', event: 'waiting', state: 'READY', detail: 'ResourceNotFoundException: No such resource.' }]);
  });

  test('any other failure to read the tags is a refusal that names the permission', async () => {
    await expect(handler.check(thing(() => Promise.reject(denied())), false))
      .rejects.toThrow('Reading the tags of the thing thing-1 before changing it failed: AccessDeniedException: Not authorized. Check the provider role\'s workspaces:DescribeTags permission; nothing was changed.');
  });

  test('a removal marks the resource first', async () => {
    const writeTag = jest.fn(() => Promise.resolve());
    await expect(handler.check(thing(() => Promise.resolve(OURS), writeTag), true)).resolves.toBeUndefined();
    expect(writeTag).toHaveBeenCalledTimes(1);
    expect(handler.lines).toEqual([{ thing: 'thing-1', event: 'marked' }]);
  });

  test.each([
    ['throttling', throttled],
    ['ResourceNotFoundException', notFound],
    ['InvalidResourceStateException', invalidState],
  ])('%s while marking is not yet', async (_name, fault) => {
    await expect(handler.check(thing(() => Promise.resolve(OURS), () => Promise.reject(fault())), true)).resolves.toEqual({ IsComplete: false });
    expect(handler.lines).toEqual([expect.objectContaining({ event: 'waiting', state: 'READY' })]);
  });

  test('a removal goes ahead without its mark when the mark is refused', async () => {
    await expect(handler.check(thing(() => Promise.resolve(OURS), () => Promise.reject(denied())), true)).resolves.toBeUndefined();
    expect(handler.lines).toEqual([{ thing: 'thing-1', event: 'mark-failed', error: 'AccessDeniedException: Not authorized.' }]);
  });
});

describe('takeCharge', () => {
  test('an update goes on without its mark when the mark is refused', async () => {
    const handler = new TestHandler();
    await expect(handler.charge(thing(() => Promise.resolve(OURS), () => Promise.reject(denied())), OURS)).resolves.toBeUndefined();
    expect(handler.lines).toEqual([{ thing: 'thing-1', event: 'mark-failed', error: 'AccessDeniedException: Not authorized.' }]);
  });
});

describe('removeWhatWasMade', () => {
  const search = (find: OrphanSearch<string>['find']): OrphanSearch<string> => ({
    what: 'the thing named \'x\'',
    id: 'x',
    searchUntil: NOW + 1000,
    madeSince: NOW - 60 * 60 * 1000,
    leftAlone: 'left-alone',
    find,
    remove: () => Promise.resolve({ IsComplete: true }),
    lookupFailed: error => `Looking for the thing failed: ${(error as Error).name}.`,
  });

  test.each([
    ['throttling', throttled],
    ['ResourceNotFoundException', notFound],
  ])('%s while looking is not yet, logged as searching', async (_name, fault) => {
    const handler = new TestHandler();
    await expect(handler.search(search(() => Promise.reject(fault())))).resolves.toEqual({ IsComplete: false });
    expect(handler.lines).toEqual([expect.objectContaining({ thing: 'x', event: 'waiting', state: 'searching' })]);
  });

  test('any other failure to look is the search\'s own refusal', async () => {
    const handler = new TestHandler();
    await expect(handler.search(search(() => Promise.reject(denied())))).rejects.toThrow('Looking for the thing failed: AccessDeniedException.');
  });

  test.each([
    ['made (by its own time) before the window began', { madeAt: NOW - 2 * 60 * 60 * 1000 }, OURS, 'made at 2026-09-01T07:00:00.000Z'],
    ['marked last before the window began, with no time of its own', {}, new Map([...OURS, ['cdk-workspaces-constructs:operation', `${NOW - 3 * 60 * 60 * 1000}/r-1`]]),
      'made at 2026-09-01T06:00:00.000Z'],
    ['of an unknown time', {}, OURS, 'made at an unknown time'],
  ])('what this stack resource owns but was %s is an earlier life, never removed', async (_what, time, tags, said) => {
    const handler = new TestHandler();
    const remove = jest.fn(() => Promise.resolve({ IsComplete: true }));
    const found = { ...search(() => Promise.resolve({ id: 'thing-1', resource: 'thing', tags, ...time })), remove };

    await expect(handler.search(found)).resolves.toBeUndefined();
    expect(remove).not.toHaveBeenCalled();
    expect(handler.lines).toEqual([expect.objectContaining({
      thing: 'thing-1', event: 'left-alone', reason: expect.stringContaining(`${said}, before the operation this cleans up after could have begun`) as unknown,
    })]);
  });

  test('what this stack resource owns and was made within the window is removed', async () => {
    const handler = new TestHandler();
    const remove = jest.fn(() => Promise.resolve({ IsComplete: true }));
    const found = { ...search(() => Promise.resolve({ id: 'thing-1', resource: 'thing', tags: OURS, madeAt: NOW - 30 * 60 * 1000 })), remove };

    await handler.search(found);
    expect(remove).toHaveBeenCalledWith('thing');
  });
});
