import { requestSummary } from '../shared/log';
import { quote } from '../shared/properties';
import type { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse, ResourceHandler } from '../shared/types';

/** Loads the handler of one resource type; called on first use only. */
export type HandlerLoader = () => ResourceHandler;

/**
 * The environment variable that tells the provider's functions the id of
 * their own stack (lib/private/provider.ts sets it to `AWS::StackId`;
 * test/private/provider.test.ts keeps the two names equal).
 */
export const STACK_ID_ENV = 'CDK_WORKSPACES_STACK_ID';

const REQUEST_TYPES: ReadonlySet<string> = new Set(['Create', 'Update', 'Delete']);

/**
 * Dispatches the shared provider's requests to the handler of each custom
 * resource type (`Custom::WorkspacesPool`, ...), loading a handler only when
 * a request for its type first arrives.
 *
 * Before any handler runs, a request must be its own stack's: every handler
 * tells what a stack resource owns by a hash of the request's StackId and
 * LogicalResourceId, so a request that names another stack (forged by
 * whoever may invoke this stack's functions, or misrouted) would let this
 * stack's role act on that stack's resources. It is refused, a Delete too:
 * it is not this stack's resource to delete.
 */
export class Router {
  private readonly loaded = new Map<string, ResourceHandler>();

  /**
   * @param env where the function's own stack id is read (`STACK_ID_ENV`): `process.env` in the provider's functions
   */
  constructor(
    private readonly routes: Readonly<Record<string, HandlerLoader>>,
    private readonly env: Readonly<Record<string, string | undefined>>,
  ) {}

  public async onEvent(event: OnEventRequest): Promise<OnEventResponse> {
    console.log('onEvent', JSON.stringify(requestSummary(event)));
    this.admit(event);
    return this.handlerFor(event.ResourceType).onEvent(event);
  }

  public async isComplete(event: IsCompleteRequest): Promise<IsCompleteResponse> {
    console.log('isComplete', JSON.stringify(requestSummary(event)));
    this.admit(event);
    return this.handlerFor(event.ResourceType).isComplete(event);
  }

  /** Throws the refusal of a request this provider must not act on: another stack's, or of an unknown request type. */
  public admit(event: Pick<OnEventRequest, 'StackId' | 'RequestType' | 'LogicalResourceId' | 'ResourceType'>): void {
    const own = this.env[STACK_ID_ENV];
    if (!own) {
      throw new Error(
        `This provider's function has no ${STACK_ID_ENV} environment variable, so it cannot tell which stack it serves: it refuses every request. ` +
        'Its configuration was changed outside CloudFormation, or it was deployed by another tool: deploy the stack again with cdk-workspaces-constructs.',
      );
    }
    if (event.StackId !== own) {
      throw new Error(
        `This provider serves stack ${own} only, and this ${quote(event.RequestType)} request of ${quote(event.ResourceType)} ${quote(event.LogicalResourceId)} ` +
        `names stack ${quote(event.StackId)}: it was refused before any handler ran, and nothing was changed. ` +
        'A request for another stack is forged or misrouted: each stack\'s custom resources must use the service token of their own stack\'s provider. ' +
        'Check who may invoke this provider\'s functions (lambda:InvokeFunction).',
      );
    }
    if (!REQUEST_TYPES.has(event.RequestType)) {
      throw new Error(
        `Unknown RequestType ${quote(event.RequestType)} for ${quote(event.LogicalResourceId)}: this provider handles Create, Update and Delete only, ` +
        'as CloudFormation sends them to custom resources. Nothing was changed.',
      );
    }
  }

  /** The handler for a resource type; fails with what this provider serves when the type is unknown. */
  public handlerFor(resourceType: string): ResourceHandler {
    const cached = this.loaded.get(resourceType);
    if (cached) {
      return cached;
    }
    const load = Object.prototype.hasOwnProperty.call(this.routes, resourceType) ? this.routes[resourceType] : undefined;
    if (!load) {
      const known = Object.keys(this.routes).sort();
      throw new Error(
        `This provider does not serve the custom resource type '${resourceType}'. ` +
        `It serves ${known.length > 0 ? known.map(k => `'${k}'`).join(', ') : 'no resource types'}. ` +
        'The template was synthesized by a cdk-workspaces-constructs version with different resource types than the one ' +
        'that deployed this provider: synthesize and deploy the stack again with a single version of the library.',
      );
    }
    const handler = load();
    this.loaded.set(resourceType, handler);
    return handler;
  }
}
