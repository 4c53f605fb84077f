/**
 * What every resource handler of the shared provider has in common: a clock
 * and a log a test can replace, the dispatch of onEvent by request type, the
 * one-JSON-object-per-line progress log, and the ownership steps of
 * ./ownership (check before a change, take charge, remove what a cancelled
 * operation made), written once for every resource type.
 */
import { describeError, errorName, isRetryableError } from './errors';
import {
  checkOwnership,
  isOwnedBy,
  needsMark,
  notOwnedMessage,
  operationMark,
  operationOf,
  ownerFound,
  supersededMessage,
  type Tags,
} from './ownership';
import type { Plan } from './plan';
import { quote } from './properties';
import { said } from './resource';
import type { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse, ResourceHandler } from './types';

export interface PollingHandlerOptions {
  /** Epoch milliseconds; a test passes its virtual clock. */
  readonly now?: () => number;
  /** Where progress is logged (one JSON object per line). */
  readonly log?: (line: string) => void;
}

type Request = Pick<OnEventRequest, 'StackId' | 'LogicalResourceId' | 'RequestId'>;

/** A resource a handler is about to change, as the ownership steps see it. */
export interface OwnedTarget {
  /** Its id, in log lines. */
  readonly id: string;
  /** How messages name it: `WorkSpaces pool 'call-centre' (wspool-…)`. */
  readonly what: string;
  /** What the handler does to resources, for a refusal: `starts, stops, updates or terminates`. */
  readonly changes: string;
  /** What to do about one another stack resource owns. */
  readonly advice: string;
  /** Its state, for the log. */
  readonly state?: string;
  /** The log event of a removal that leaves another owner's resource in place. */
  readonly leftAlone: string;
  /**
   * Tags the role's permissions to change it require (an `aws:ResourceTag`
   * condition): written, once the ownership check has found it this stack
   * resource's, when it lacks them (made by an older version of the library).
   */
  readonly requiredTags?: ReadonlyArray<{ readonly Key: string; readonly Value: string }>;
  readTags(): Promise<Tags>;
  writeTag(tag: { Key: string; Value: string }): Promise<void>;
}

/**
 * One isComplete poll: the request (the Provider framework hands the same
 * one to every poll, with onEvent's answer merged in) and the plan read from
 * it. Each handler adds what its steps act on.
 */
export interface PollContext<P extends Plan> {
  readonly event: IsCompleteRequest;
  readonly plan: P;
}

/**
 * Stands, in place of a call's result, for the answer "not yet: poll again"
 * (the call was throttled or failed on the service side after the SDK's own
 * retries). `PollingHandler.attempt` returns it; the caller answers
 * `response`.
 */
export class PollAgain {
  constructor(public readonly response: IsCompleteResponse) {}
}

/** Where a removal looks for what an operation CloudFormation cancelled (or never heard from) made. */
export interface OrphanSearch<T> {
  /** What is looked for, in log lines and messages: `the pool named 'call-centre'`. */
  readonly what: string;
  /** The id in log lines while nothing is found. */
  readonly id?: string;
  /** Until this epoch ms the operation may still make it. */
  readonly searchUntil: number;
  /**
   * From this epoch ms the operation may have made it: what was made before
   * is not its (see CANCELLED_OPERATION_LOOKBACK_MS), and is never removed.
   */
  readonly madeSince: number;
  /** The log event of a find another stack resource owns. */
  readonly leftAlone: string;
  /** What the search finds now, with its tags; undefined when there is nothing. */
  find(): Promise<{ readonly id: string; readonly resource: T; readonly tags: Tags; readonly madeAt?: number } | undefined>;
  /** One step of the ordinary removal of what it found; complete once it is gone. */
  remove(resource: T): Promise<IsCompleteResponse>;
  /** The failure of a lookup that waiting does not fix. */
  lookupFailed(error: unknown): string;
}

export abstract class PollingHandler implements ResourceHandler {
  protected readonly now: () => number;
  private readonly log: (line: string) => void;

  /** @param subject the key naming the resource in each log line (`pool`, `directory`) */
  constructor(private readonly subject: string, options: PollingHandlerOptions = {}) {
    this.now = options.now ?? Date.now;
    this.log = options.log ?? (line => console.log(line));
  }

  public async onEvent(event: OnEventRequest): Promise<OnEventResponse> {
    switch (event.RequestType) {
      case 'Create':
        return this.onCreate(event);
      case 'Update':
        return this.onUpdate(event);
      case 'Delete':
        return this.onDelete(event);
      default:
        // The router refuses it first; a handler called directly refuses it too.
        throw new Error(`Unknown RequestType ${quote((event as { RequestType: unknown }).RequestType)}: this handler handles Create, Update and Delete only. Nothing was changed.`);
    }
  }

  public abstract isComplete(event: IsCompleteRequest): Promise<IsCompleteResponse>;
  protected abstract onCreate(event: OnEventRequest): Promise<OnEventResponse>;
  protected abstract onUpdate(event: OnEventRequest): Promise<OnEventResponse>;
  protected abstract onDelete(event: OnEventRequest): Promise<OnEventResponse>;

  /**
   * The physical id of the resource an update or a poll acts on, as the
   * create issued it; throws when it is not one of this handler's ids (`isId`
   * false): the Create never completed, and the Provider framework answered
   * with an id of its own.
   *
   * @param what how the message names the ids this handler issues: `a pool id`
   */
  protected requirePhysicalId(event: OnEventRequest, isId: (id: string) => boolean, what: string): string {
    const id = event.PhysicalResourceId ?? '';
    if (!isId(id)) {
      throw new Error(`${event.ResourceType} ${event.LogicalResourceId} has physical id '${id}', which is not ${what}: its Create never completed. Delete and recreate the resource.`);
    }
    return id;
  }

  /** "Not yet": logs the state seen and asks the Provider framework to poll again. */
  protected notYet(id: string | undefined, state: string | undefined, detail?: string): IsCompleteResponse {
    this.record(id, 'waiting', { state, ...(detail ? { detail } : {}) });
    return { IsComplete: false };
  }

  /**
   * Makes a call of a poll. A failure that says nothing about the resource
   * (throttling, a 5xx, a network failure, OperationInProgressException: see
   * isRetryableError) logs "waiting" at `at` and comes back as a PollAgain;
   * any other failure is handed to `refused`, which throws the explanatory
   * error or returns what stands for the call's result instead (a PollAgain
   * too, where the failure also means "not yet").
   */
  protected async attempt<T>(
    at: { readonly id?: string; readonly state?: string },
    call: () => Promise<T>,
    refused: (error: unknown) => T | PollAgain | Promise<T | PollAgain>,
  ): Promise<T | PollAgain> {
    try {
      return await call();
    } catch (error) {
      if (isRetryableError(error)) {
        return this.pollAgain(at, error);
      }
      return refused(error);
    }
  }

  /** "Not yet" for a failed call, as attempt answers it: logs the state seen and the error, and asks for another poll. */
  protected pollAgain(at: { readonly id?: string; readonly state?: string }, error: unknown): PollAgain {
    return new PollAgain(this.notYet(at.id, at.state, describeError(error)));
  }

  protected record(id: string | undefined, event: string, detail: Record<string, unknown> = {}): void {
    this.log(JSON.stringify({ [this.subject]: id, event, ...detail }));
  }

  /**
   * Before a poll's first change to `target`: it must be this stack
   * resource's, and, unless the poll removes it, no newer operation may have
   * taken charge of it (the waiter of a cancelled operation then stops). A
   * removal marks it first. Returns undefined when the change may go ahead,
   * or what to answer instead; throws a refusal.
   *
   * @param since when the operation of this poll began (epoch ms)
   * @param recheck the check again right before a change, in a poll that already passed it: only the verdict (the tags and mark it wrote stand)
   */
  protected async mayChange(
    target: OwnedTarget, event: Request, since: number, removing: boolean, recheck = false,
  ): Promise<IsCompleteResponse | undefined> {
    const tags = await this.attempt(target, () => target.readTags(), error => {
      if (errorName(error) !== 'ResourceNotFoundException') {
        throw new Error(`Reading the tags of ${lowerFirst(target.what)} before changing it failed: ${said(error)}. ` +
          'Check the provider role\'s workspaces:DescribeTags permission; nothing was changed.');
      }
      // Gone: a removal is done; any other change waits for the next poll to tell.
      return removing ? undefined : this.pollAgain(target, error);
    });
    if (tags === undefined) {
      return { IsComplete: true };
    }
    if (tags instanceof PollAgain) {
      return tags.response;
    }
    const ownership = checkOwnership(tags, event, since, removing);
    if (ownership.verdict === 'foreign') {
      if (removing) {
        // A removal never fails over a resource that is not this stack's to remove: failing would leave the stack
        // in DELETE_FAILED, and the only way out would be to retain the resource, which this already does.
        this.record(target.id, target.leftAlone, { reason: `not this stack resource's: ${ownership.detail}`, state: target.state });
        return { IsComplete: true };
      }
      throw new Error(notOwnedMessage(target.what, target.changes, ownership.detail, target.advice));
    }
    if (ownership.verdict === 'superseded') {
      this.record(target.id, 'superseded', { by: ownership.by.requestId, state: target.state });
      throw new Error(supersededMessage(target.what, ownership.by));
    }
    if (recheck) {
      return undefined;
    }
    const tagged = await this.attempt(target, () => this.addRequiredTags(target, tags), error => {
      if (errorName(error) === 'ResourceNotFoundException') {
        return this.pollAgain(target, error);
      }
      throw error;
    });
    if (tagged instanceof PollAgain) {
      return tagged.response;
    }
    if (removing && needsMark(tags, event)) {
      const marked = await this.attempt(target, async () => {
        await target.writeTag(operationMark(event, this.now()));
        this.record(target.id, 'marked');
      }, error => {
        if (['ResourceNotFoundException', 'InvalidResourceStateException'].includes(errorName(error))) {
          return this.pollAgain(target, error);
        }
        // The mark only stops a cancelled waiter sooner; a removal never fails for want of it (a full tag set, a denied CreateTags).
        this.record(target.id, 'mark-failed', { error: describeError(error) });
        return undefined;
      });
      if (marked instanceof PollAgain) {
        return marked.response;
      }
    }
    return undefined;
  }

  /**
   * onEvent's step before an update acts on a resource: it must be this
   * stack resource's and no newer operation may be in charge of it; then the
   * update marks it as in its charge. The mark is best effort: without it an
   * older cancelled waiter may still act, but an update never fails for want
   * of a tag.
   */
  protected async takeCharge(target: OwnedTarget, tags: Tags, event: Request, startedAt: number): Promise<void> {
    this.requireOwned(target, tags, event);
    const ownership = checkOwnership(tags, event, startedAt, false);
    if (ownership.verdict === 'superseded') {
      throw new Error(supersededMessage(target.what, ownership.by));
    }
    await this.addRequiredTags(target, tags);
    try {
      await target.writeTag(operationMark(event, startedAt));
    } catch (error) {
      this.record(target.id, 'mark-failed', { error: describeError(error) });
    }
  }

  /**
   * Writes the `requiredTags` that `target`, found this stack resource's,
   * lacks: without them the role may not change it. A failure that says
   * nothing about the resource (throttling, a 5xx) is thrown as it is; any
   * other says which tag to add by hand.
   */
  protected async addRequiredTags(target: OwnedTarget, tags: Tags): Promise<void> {
    for (const tag of target.requiredTags ?? []) {
      if (tags.get(tag.Key) === tag.Value) {
        continue;
      }
      try {
        await target.writeTag({ Key: tag.Key, Value: tag.Value });
      } catch (error) {
        if (isRetryableError(error) || errorName(error) === 'ResourceNotFoundException') {
          throw error;
        }
        throw new Error(
          `${target.what} lacks the tag ${tag.Key} = ${tag.Value}, on which the provider role's permission to change it is conditioned ` +
          `(it was made by an older version of cdk-workspaces-constructs, before that tag existed), and adding it failed: ${said(error)}. Nothing was changed. ` +
          `Add the tag yourself (aws workspaces create-tags --resource-id ${target.id} --tags Key=${tag.Key},Value=${tag.Value}), then retry the stack operation.`,
        );
      }
      this.record(target.id, 'required-tag-added', { key: tag.Key, reason: tags.has(tag.Key) ? 'it had another value' : 'made before the tag existed' });
    }
  }

  /** Throws the refusal when the tags say another stack resource, or nobody, owns `target`. */
  protected requireOwned(target: OwnedTarget, tags: Tags, event: Request): void {
    if (!isOwnedBy(tags, event)) {
      throw new Error(notOwnedMessage(target.what, target.changes, ownerFound(tags), target.advice));
    }
  }

  /**
   * Removes what an operation CloudFormation cancelled (or never heard from)
   * made: what `search` finds and this stack resource owns is removed the
   * ordinary way; what anybody else owns is never touched. Returns what to
   * answer while the removal or the search goes on, undefined once nothing
   * of this stack resource's is left and the search is over.
   */
  protected async removeWhatWasMade<T>(search: OrphanSearch<T>, event: Request): Promise<IsCompleteResponse | undefined> {
    const at = { id: search.id, state: 'searching' };
    const found = await this.attempt(at, () => search.find(), error => {
      if (errorName(error) === 'ResourceNotFoundException') {
        return this.pollAgain(at, error);
      }
      throw new Error(search.lookupFailed(error));
    });
    if (found instanceof PollAgain) {
      return found.response;
    }
    if (found) {
      if (!isOwnedBy(found.tags, event)) {
        this.record(found.id, search.leftAlone, { looking: search.what, reason: `not made by this stack resource: ${ownerFound(found.tags)}` });
        return undefined;
      }
      // Made before the cancelled operation could have begun (or when cannot be told): an earlier life of this
      // stack resource, retained when it left the stack. The cancelled operation could not have made another of
      // the same name or directory meanwhile.
      const madeAt = found.madeAt ?? operationOf(found.tags)?.at;
      if (madeAt === undefined || madeAt < search.madeSince) {
        this.record(found.id, search.leftAlone, {
          looking: search.what,
          reason: `made ${madeAt === undefined ? 'at an unknown time' : `at ${new Date(madeAt).toISOString()}`}, before the operation this cleans up after ` +
            `could have begun (${new Date(search.madeSince).toISOString()}): an earlier life of this stack resource, retained`,
        });
        return undefined;
      }
      const step = await search.remove(found.resource);
      if (!step.IsComplete) {
        return step;
      }
    }
    if (this.now() < search.searchUntil) {
      return this.notYet(search.id, 'searching', `${search.what} may still be made by a cancelled operation (until ${new Date(search.searchUntil).toISOString()})`);
    }
    return undefined;
  }
}

function lowerFirst(text: string): string {
  return text.startsWith('The ') ? `the ${text.slice(4)}` : text;
}
