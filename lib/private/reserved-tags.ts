import { TagManager, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * The prefix of the tags the handlers write to mark what they own (the
 * stack resource, the request that created it, the operation in charge).
 * A user tag under it could make a handler take a resource for another
 * stack's, or another's for its own: rejected at synth.
 */
export const RESERVED_TAG_PREFIX = 'cdk-workspaces-constructs:';

/**
 * Adds a validation that fails synth when a tag key under the library's
 * prefix reaches `tags`, through the construct or `Tags.of(scope)` (applied
 * by an aspect, so the check runs at validation, after aspects).
 */
export function rejectReservedTags(scope: IConstruct, tags: TagManager): void {
  scope.node.addValidation({
    validate: () => {
      const rendered = (tags.renderTags() ?? []) as Array<{ key?: string; Key?: string }>;
      return rendered
        .map(tag => tag.Key ?? tag.key ?? '')
        .filter(key => !Token.isUnresolved(key) && key.startsWith(RESERVED_TAG_PREFIX))
        .map(key => `Tag keys starting with '${RESERVED_TAG_PREFIX}' are reserved for the ownership tags of cdk-workspaces-constructs (${scope.node.path}): ` +
          `rename the tag, got key '${key}'`);
    },
  });
}
