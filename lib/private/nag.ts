import { CfnResource } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** One cdk-nag rule suppressed on a resource, with the reason a reviewer reads. */
export interface NagSuppression {
  /** The rule id, e.g. `AwsSolutions-IAM5`. */
  readonly id: string;
  /** Why the finding does not apply or cannot be avoided (cdk-nag requires 10+ characters). */
  readonly reason: string;
  /** Limit the suppression to these findings of a granular rule: exact ids (`Resource::*`) or `{ regex: '/.../' }`. */
  readonly appliesTo?: Array<string | { readonly regex: string }>;
}

/**
 * Suppresses cdk-nag findings on the CloudFormation resources under `scope`,
 * in the metadata format cdk-nag reads (`cdk_nag.rules_to_suppress`). Writing
 * the metadata directly keeps cdk-nag out of the library's dependencies while
 * users who run cdk-nag on their apps see each suppression and its reason.
 */
export function addNagSuppressions(scope: IConstruct, suppressions: NagSuppression[]): void {
  for (const s of suppressions) {
    if (s.reason.length < 10) {
      // The library's own suppressions only: a bug here, never the user's input.
      throw new Error(`Internal error in cdk-workspaces-constructs: the cdk-nag suppression of ${s.id} needs a reason of 10 characters or more, got '${s.reason}'`);
    }
  }
  const rules = suppressions.map(s => ({ id: s.id, reason: s.reason, ...(s.appliesTo ? { applies_to: s.appliesTo } : {}) }));
  for (const child of scope.node.findAll()) {
    // Not `instanceof`: a resource made with the app's own copy of aws-cdk-lib (npm link, file:, monorepos) is from another class.
    if (CfnResource.isCfnResource(child)) {
      const existing: unknown[] = child.getMetadata('cdk_nag')?.rules_to_suppress ?? [];
      const seen = new Set(existing.map(r => JSON.stringify(r)));
      const added = rules.filter(r => !seen.has(JSON.stringify(r)));
      child.addMetadata('cdk_nag', { rules_to_suppress: [...existing, ...added] });
    }
  }
}
