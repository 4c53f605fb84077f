/**
 * What the handlers of WorkSpaces resources (pools, directory registrations,
 * the bundle image check) share beyond PollingHandler: the WorkSpaces
 * client, a resource's tags, the resource as the ownership steps see it, and
 * a describe that answers "not there" for ResourceNotFoundException.
 *
 * WorkSpaces tags every taggable resource (directories and pools alike)
 * through the same DescribeTags and CreateTags actions, keyed by the
 * resource's id (https://docs.aws.amazon.com/workspaces/latest/api/API_DescribeTags.html).
 */
import { CreateTagsCommand, DescribeTagsCommand, type WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { errorName } from './errors';
import { tagMap, type Tags } from './ownership';
import { PollingHandler, type OwnedTarget, type PollingHandlerOptions } from './polling-handler';

/** How a handler names and advises about a resource in the ownership steps; the tags are read and written by id. */
export type TargetDescription = Omit<OwnedTarget, 'id' | 'readTags' | 'writeTag'>;

export abstract class WorkSpacesHandler extends PollingHandler {
  /** @param subject the key naming the resource in each log line (`pool`, `directory`, `bundle`) */
  constructor(subject: string, protected readonly client: WorkSpacesClient, options: PollingHandlerOptions = {}) {
    super(subject, options);
  }

  /** The resource's tags (DescribeTags). */
  protected async tagsOf(resourceId: string): Promise<Tags> {
    const result = await this.client.send(new DescribeTagsCommand({ ResourceId: resourceId }));
    return tagMap(result.TagList);
  }

  /** The resource as the ownership steps see it: its tags read with DescribeTags, its mark written with CreateTags. */
  protected ownedTarget(resourceId: string, description: TargetDescription): OwnedTarget {
    return {
      id: resourceId,
      ...description,
      readTags: () => this.tagsOf(resourceId),
      writeTag: async tag => {
        await this.client.send(new CreateTagsCommand({ ResourceId: resourceId, Tags: [tag] }));
      },
    };
  }

  /** What `describe` finds, or undefined also when the service answers ResourceNotFoundException. */
  protected async unlessNotFound<T>(describe: () => Promise<T | undefined>): Promise<T | undefined> {
    try {
      return await describe();
    } catch (error) {
      if (errorName(error) === 'ResourceNotFoundException') {
        return undefined;
      }
      throw error;
    }
  }
}
