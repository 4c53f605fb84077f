/**
 * Custom::WorkspacesPool, loaded by the shared provider's router on the
 * first request for a pool (see lambda/provider/routes.ts).
 */
import { WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { BundleImageHandler } from './bundle-image';
import { PoolHandler } from './handler';
import { sdkClientConfig } from '../shared/sdk';
import type { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse, ResourceHandler } from '../shared/types';

const client = new WorkSpacesClient(sdkClientConfig());
const handler = new PoolHandler(client);

export function onEvent(event: OnEventRequest): Promise<OnEventResponse> {
  return handler.onEvent(event);
}

export function isComplete(event: IsCompleteRequest): Promise<IsCompleteResponse> {
  return handler.isComplete(event);
}

/**
 * Custom::WorkspacesBundleImage: the check of a pool's bundle image, with
 * the pool handler's client (see ./bundle-image).
 */
export const bundleImage: ResourceHandler = new BundleImageHandler(client);
