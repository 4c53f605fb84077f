/**
 * Custom::WorkspaceDirectoryRegistration, loaded by the shared provider's
 * router on the first request for a directory registration (see
 * lambda/provider/routes.ts).
 */
import { WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { DirectoryHandler } from './handler';
import { sdkClientConfig } from '../shared/sdk';
import type { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from '../shared/types';

const handler = new DirectoryHandler(new WorkSpacesClient(sdkClientConfig()));

export function onEvent(event: OnEventRequest): Promise<OnEventResponse> {
  return handler.onEvent(event);
}

export function isComplete(event: IsCompleteRequest): Promise<IsCompleteResponse> {
  return handler.isComplete(event);
}
