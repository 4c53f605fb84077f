/**
 * What onEvent decides and isComplete carries out, for every handler. The
 * Provider framework hands isComplete the same request at every poll, with
 * the fields onEvent returned merged in: each handler's plan travels as one
 * top-level field of its own (`PoolPlan`, ...), not in `Data`, which would
 * become resource attributes. isComplete keeps no state between polls: each
 * poll reads the resource and takes the next step the plan and what it sees
 * call for, so a retried or repeated poll is harmless.
 */
import type { OnEventResponse } from './types';

export type Operation = 'create' | 'update' | 'delete' | 'none';

/** What every plan holds. */
export interface Plan {
  readonly operation: string;
  /** Epoch milliseconds when onEvent ran. */
  readonly startedAt: number;
  /** Epoch milliseconds after which the operation fails with what was last seen. */
  readonly deadline: number;
}

/** The plan carried in `field` of an isComplete request; fails when a handler of another version started the operation. */
export function readPlan<P extends Plan>(event: object, field: string, handler: string): P {
  const plan = (event as Readonly<Record<string, unknown>>)[field] as P | undefined;
  if (!plan || typeof plan !== 'object' || typeof plan.operation !== 'string' || typeof plan.deadline !== 'number') {
    throw new Error(
      `The isComplete request carries no ${handler} plan: it was not started by this version of the ${handler} handler. ` +
      'Deploy again; if this repeats, report it with the provider\'s log.',
    );
  }
  return plan;
}

/** onEvent's answer: the physical id, and the plan in `field` for isComplete. */
export function planned<P extends Plan>(physicalResourceId: string | undefined, field: string, plan: P): OnEventResponse {
  return { PhysicalResourceId: physicalResourceId, [field]: plan } as OnEventResponse;
}

/** The operation's timeout in seconds, as the plan records it. */
export function timeoutSecondsOf(plan: Plan): number {
  return Math.round((plan.deadline - plan.startedAt) / 1000);
}
