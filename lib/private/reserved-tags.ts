import { Stack, TagManager, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * The prefix of the tags the handlers write to mark what they own (the
 * stack resource, the request that created it, the operation in charge).
 * A user tag under it could make a handler take a resource for another
 * stack's, or another's for its own: rejected at synth.
 */
export const RESERVED_TAG_PREFIX = 'cdk-workspaces-constructs:';

/**
 * The tag the library puts on what it makes where a policy condition needs
 * it (pools, imported images, portals): the id of the stack that made it.
 * WebPortal sets it on its portal; the handlers set it on the pools and
 * images they create.
 * lambda/shared/ownership.ts STACK_TAG is the handlers' copy
 * (test/contract.test.ts keeps the two equal).
 */
export const STACK_ID_TAG = `${RESERVED_TAG_PREFIX}stack-id`;

/**
 * Adds a validation that fails synth when a tag key under the library's
 * prefix reaches `tags`, through the construct or `Tags.of(scope)` (applied
 * by an aspect, so the check runs at validation, after aspects). `own` holds
 * the tags the library itself sets there, key to value: such a key passes
 * only with that very value.
 */
export function rejectReservedTags(scope: IConstruct, tags: TagManager, own: Readonly<Record<string, string>> = {}): void {
  scope.node.addValidation({
    validate: () => {
      const stack = Stack.of(scope);
      const same = (a: unknown, b: unknown) => JSON.stringify(stack.resolve(a)) === JSON.stringify(stack.resolve(b));
      const rendered = (tags.renderTags() ?? []) as Array<{ key?: string; Key?: string; value?: string; Value?: string }>;
      return rendered
        .map(tag => ({ key: tag.Key ?? tag.key ?? '', value: tag.Value ?? tag.value }))
        .filter(({ key }) => !Token.isUnresolved(key) && key.startsWith(RESERVED_TAG_PREFIX))
        .filter(({ key, value }) => !(key in own && same(value, own[key])))
        .map(({ key }) => `Tag keys starting with '${RESERVED_TAG_PREFIX}' are reserved for the ownership tags of cdk-workspaces-constructs (${scope.node.path}): ` +
          `rename the tag, got key '${key}'`);
    },
  });
}
