import { requestSummary } from '../shared/log';
import type { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse, ResourceHandler } from '../shared/types';

/** Loads the handler of one resource type; called on first use only. */
export type HandlerLoader = () => ResourceHandler;

/**
 * Dispatches the shared provider's requests to the handler of each custom
 * resource type (`Custom::WorkspacesPool`, ...), loading a handler only when
 * a request for its type first arrives.
 */
export class Router {
  private readonly loaded = new Map<string, ResourceHandler>();

  constructor(private readonly routes: Readonly<Record<string, HandlerLoader>>) {}

  public async onEvent(event: OnEventRequest): Promise<OnEventResponse> {
    console.log('onEvent', JSON.stringify(requestSummary(event)));
    return this.handlerFor(event.ResourceType).onEvent(event);
  }

  public async isComplete(event: IsCompleteRequest): Promise<IsCompleteResponse> {
    console.log('isComplete', JSON.stringify(requestSummary(event)));
    return this.handlerFor(event.ResourceType).isComplete(event);
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
