/**
 * Entry point of the library's shared custom resource provider (one per
 * stack): the Provider framework calls `onEvent` and `isComplete`, and the
 * router hands each request to the handler of its resource type.
 */
import { Router } from './router';
import { ROUTES } from './routes';
import type { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from '../shared/types';

const router = new Router(ROUTES);

export function onEvent(event: OnEventRequest): Promise<OnEventResponse> {
  return router.onEvent(event);
}

export function isComplete(event: IsCompleteRequest): Promise<IsCompleteResponse> {
  return router.isComplete(event);
}
