import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** A cdk-nag rule the library acknowledges, with the reason a reviewer reads. */
export interface NagRule {
  /** The rule id, e.g. `AwsSolutions-IAM5`. */
  readonly id: string;
  /** Why the finding does not apply or cannot be avoided (cdk-nag requires 10+ characters). */
  readonly reason: string;
}

/**
 * Acknowledges the findings of `rule` on the CloudFormation resources under
 * `scope`, for both majors of cdk-nag, with the same reason:
 *
 * - cdk-nag 2 (an Aspect) reads the `cdk_nag` resource metadata
 *   (`rules_to_suppress`, with `applies_to` for the findings of a granular rule);
 * - cdk-nag 3 (a policy-validation plugin) reads acknowledgements made with
 *   `Validations.of(scope).acknowledge()`, one per finding id
 *   (`AwsSolutions-IAM5[Resource::*]`), on the scope or any of its parents
 *   (https://github.com/cdklabs/cdk-nag#acknowledging-a-rule).
 *
 * Neither form imports cdk-nag: it stays out of the library's dependencies,
 * while users who run either major see each finding as acknowledged, with its reason.
 *
 * @param findings the findings of a granular rule (IAM4, IAM5) this covers, exactly
 *   as cdk-nag names them: see `nagResource` and `nagPolicy`. Leave out for a rule
 *   with a single finding per resource (L1, SF2).
 */
export function acknowledgeNagFindings(scope: IConstruct, rule: NagRule, findings?: readonly string[]): void {
  if (rule.reason.length < 10) {
    // The library's own acknowledgements only: a bug here, never the user's input.
    throw new Error(`Internal error in cdk-workspaces-constructs: the cdk-nag acknowledgement of ${rule.id} needs a reason of 10 characters or more, got '${rule.reason}'`);
  }
  if (findings !== undefined && findings.length === 0) {
    return;
  }
  addSuppressionMetadata(scope, { id: rule.id, reason: rule.reason, ...(findings ? { applies_to: [...findings] } : {}) });
  const ids = findings ? findings.map(f => `${rule.id}[${f}]`) : [rule.id];
  Validations.of(scope).acknowledge(...ids.map(id => ({ id, reason: rule.reason })));
}

/** The v2 form: `cdk_nag.rules_to_suppress` on every CloudFormation resource under `scope`, without duplicates. */
function addSuppressionMetadata(scope: IConstruct, suppression: object): void {
  const key = JSON.stringify(suppression);
  for (const child of scope.node.findAll()) {
    // Not `instanceof`: a resource made with the app's own copy of aws-cdk-lib (npm link, file:, monorepos) is from another class.
    if (CfnResource.isCfnResource(child)) {
      const existing: unknown[] = child.getMetadata('cdk_nag')?.rules_to_suppress ?? [];
      if (!existing.some(r => JSON.stringify(r) === key)) {
        child.addMetadata('cdk_nag', { rules_to_suppress: [...existing, suppression] });
      }
    }
  }
}

/**
 * The AwsSolutions-IAM5 finding cdk-nag reports for a policy statement's
 * resource `arn`: `Resource::arn:<AWS::Partition>:workspaces:<AWS::Region>:...`
 * in an env-agnostic stack, `...:eu-west-1:...` in an env-specific one. Exact
 * ids, since cdk-nag 3 acknowledges exact ids only. The ARN is resolved now:
 * call this after the resources it references have their logical ids.
 */
export function nagResource(scope: IConstruct, arn: string): string {
  return `Resource::${flattenCfnReference(Stack.of(scope).resolve(arn))}`;
}

/** The AwsSolutions-IAM4 finding cdk-nag reports for a managed policy `arn` attached to a role. */
export function nagPolicy(scope: IConstruct, arn: string): string {
  return `Policy::${flattenCfnReference(Stack.of(scope).resolve(arn))}`;
}

/**
 * A resolved CloudFormation value as cdk-nag (2 and 3) flattens it into a
 * finding id: `{ Ref: X }` as `<X>`, `Fn::GetAtt` as `<X.Attr>`, `Fn::Join`
 * joined, `${...}` of `Fn::Sub` as `<...>`; anything else as its JSON
 * (cdk-nag's src/utils/flatten-cfn-reference.ts,
 * https://github.com/cdklabs/cdk-nag/blob/main/src/utils/flatten-cfn-reference.ts).
 */
export function flattenCfnReference(node: unknown): string {
  if (node === undefined) {
    return '';
  }
  if (typeof node === 'string') {
    return node.replace(/\$\{/g, '<').replace(/}/g, '>');
  }
  const o = node as Record<string, any>;
  if (o['Fn::Join']) {
    const [delimiter, items] = o['Fn::Join'] as [string, unknown[]];
    return items.map(flattenCfnReference).join(delimiter);
  }
  if (o['Fn::Sub']) {
    return flattenCfnReference(o['Fn::Sub']);
  }
  if (o['Fn::GetAtt']) {
    const [resource, attribute] = o['Fn::GetAtt'] as [unknown, unknown];
    return `<${flattenCfnReference(resource)}.${flattenCfnReference(attribute)}>`;
  }
  if (o['Fn::ImportValue']) {
    return flattenCfnReference(o['Fn::ImportValue']);
  }
  if (o.Ref) {
    return `<${flattenCfnReference(o.Ref)}>`;
  }
  return JSON.stringify(node);
}
