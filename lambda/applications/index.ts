/**
 * The WorkSpaces Applications handlers, loaded by the shared provider's
 * router on the first request for one of them (see lambda/provider/routes.ts):
 * Custom::ApplicationsImage (this module's onEvent and isComplete) and
 * Custom::ApplicationsFleetReadiness (`fleetReadiness`), on one AppStream client.
 */
import { AppStreamClient } from '@aws-sdk/client-appstream';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { FleetReadinessHandler } from './fleet-readiness';
import { ApplicationsImageHandler } from './handler';
import { sdkClientConfig } from '../shared/sdk';
import type { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse, ResourceHandler } from '../shared/types';

const appStream = new AppStreamClient(sdkClientConfig());
const handler = new ApplicationsImageHandler({
  appStream,
  // Only for ImageSource.poolBundle: DescribeWorkspaceBundles (the bundle keeps only that command).
  workSpaces: new WorkSpacesClient(sdkClientConfig()),
});

export function onEvent(event: OnEventRequest): Promise<OnEventResponse> {
  return handler.onEvent(event);
}

export function isComplete(event: IsCompleteRequest): Promise<IsCompleteResponse> {
  return handler.isComplete(event);
}

/**
 * Custom::ApplicationsFleetReadiness: the wait until a fleet runs, with the
 * image handler's client (see ./fleet-readiness).
 */
export const fleetReadiness: ResourceHandler = new FleetReadinessHandler({
  appStream,
  // Only DescribeStacks of its own stack: whether an Update is a rollback's.
  cloudFormation: new CloudFormationClient(sdkClientConfig()),
});
