/**
 * Custom::WebPortalReadiness, loaded by the shared provider's router on the
 * first request for a portal (see lambda/provider/routes.ts): the only route
 * that loads the Secure Browser and CloudFormation clients.
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { WorkSpacesWebClient } from '@aws-sdk/client-workspaces-web';
import { PortalReadinessHandler } from './handler';
import { sdkClientConfig } from '../shared/sdk';
import type { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from '../shared/types';

const handler = new PortalReadinessHandler({
  web: new WorkSpacesWebClient(sdkClientConfig()),
  cloudFormation: new CloudFormationClient(sdkClientConfig()),
});

export function onEvent(event: OnEventRequest): Promise<OnEventResponse> {
  return handler.onEvent(event);
}

export function isComplete(event: IsCompleteRequest): Promise<IsCompleteResponse> {
  return handler.isComplete(event);
}
