import type { OnEventRequest } from './types';

/**
 * The parts of a request that are safe and useful to log. The ResponseURL is a
 * pre-signed S3 URL (a credential) and is never logged; resource properties
 * come from the template, which by this library's rules holds no secrets.
 */
export function requestSummary(event: OnEventRequest): Record<string, unknown> {
  return {
    RequestType: event.RequestType,
    ResourceType: event.ResourceType,
    LogicalResourceId: event.LogicalResourceId,
    PhysicalResourceId: event.PhysicalResourceId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    ResourceProperties: withoutServiceToken(event.ResourceProperties),
    OldResourceProperties: event.OldResourceProperties && withoutServiceToken(event.OldResourceProperties),
  };
}

function withoutServiceToken(properties: OnEventRequest['ResourceProperties']): Record<string, unknown> {
  const { ServiceToken: _serviceToken, ...rest } = properties;
  return rest;
}
