/**
 * Custom::ApplicationsImage, loaded by the shared provider's router on the
 * first request for an imported WorkSpaces Applications image (see
 * lambda/provider/routes.ts).
 */
import { AppStreamClient } from '@aws-sdk/client-appstream';
import { WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { ApplicationsImageHandler } from './handler';
import { sdkClientConfig } from '../shared/sdk';
import type { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from '../shared/types';

const handler = new ApplicationsImageHandler({
  appStream: new AppStreamClient(sdkClientConfig()),
  // Only for ImageSource.poolBundle: DescribeWorkspaceBundles (the bundle keeps only that command).
  workSpaces: new WorkSpacesClient(sdkClientConfig()),
});

export function onEvent(event: OnEventRequest): Promise<OnEventResponse> {
  return handler.onEvent(event);
}

export function isComplete(event: IsCompleteRequest): Promise<IsCompleteResponse> {
  return handler.isComplete(event);
}
