/**
 * Entry point of the library's shared custom resource provider (one per
 * stack): the Provider framework calls `onEvent` and `isComplete`, and the
 * router hands each request to the handler of its resource type.
 */
import { Router } from './router';
import { ROUTES } from './routes';
import type { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from '../shared/types';

// The environment is read at each request: the function's own stack id (see Router.admit).
const router = new Router(ROUTES, process.env);

export function onEvent(event: OnEventRequest): Promise<OnEventResponse> {
  return router.onEvent(event);
}

export function isComplete(event: IsCompleteRequest): Promise<IsCompleteResponse> {
  return router.isComplete(event);
}
