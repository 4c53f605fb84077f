import { Annotations, Duration } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import type { ApplicationsFleetBase } from './applications-fleet-base';
import type { WorkspacesPool } from '../pool/workspaces-pool';
import type { IWorkspacesPool, WorkspacesPoolBase } from '../pool/workspaces-pool-base';
import { validationError } from '../private/errors';

/*
 * A successor fleet mirrors a WorkspacesPool of the same app: what the pool
 * was made with (its `_props`) and what was added to it (`_schedules`,
 * `_scaling`). Internal to the library; nothing here is exported.
 */

/** What a fleet takes from the pool it replaces, as fleet props (explicit props override each). */
export interface MirroredPool {
  readonly bundleId: string;
  readonly alwaysOn: boolean;
  readonly desiredInstances: number;
  readonly disconnectTimeout?: Duration;
  readonly idleDisconnectTimeout?: Duration;
  readonly maxUserDuration?: Duration;
  readonly settingsPersistence: boolean;
  /** The pool is kept STOPPED (`desiredState`): the fleet is created stopped too. */
  readonly stopped: boolean;
}

/** The pool `replaces` names, if it was made by `WorkspacesPool` in this app; a synth error for an imported pool. */
export function readPool(fleet: IConstruct, pool: IWorkspacesPool): WorkspacesPool {
  // Not `instanceof`: an app may load its own copy of this library's dependencies (see STYLE.md).
  const created = pool as Partial<WorkspacesPool>;
  if (created._props === undefined) {
    throw validationError(fleet, `\`replaces\` must be a pool made with \`new WorkspacesPool\` in this app: an imported pool (fromPoolId, fromPoolArn) does not tell its bundle, capacity and settings, got '${pool.node.path}'. ` +
      'Leave `replaces` out and give `image` (an ApplicationsImage with ImageSource.poolBundle(<the pool\'s bundle id>)) and the capacity yourself');
  }
  return pool as WorkspacesPool;
}

export function mirrorPool(pool: WorkspacesPool): MirroredPool {
  const props = pool._props;
  return {
    bundleId: props.bundleId,
    alwaysOn: pool.runningMode === 'ALWAYS_ON',
    // One user session of a pool is one user on one instance: a single-session fleet of as many instances.
    desiredInstances: props.desiredUserSessions,
    disconnectTimeout: props.disconnectTimeout,
    idleDisconnectTimeout: props.idleDisconnectTimeout,
    maxUserDuration: props.maxUserDuration,
    settingsPersistence: props.applicationSettings?.persistence === true,
    stopped: props.desiredState === 'STOPPED',
  };
}

/**
 * The pool's schedules and auto scaling on the fleet, as they stand now; a
 * synth error if the pool gains any later (they would not be mirrored).
 */
export function mirrorSchedulesAndScaling(fleet: ApplicationsFleetBase, pool: WorkspacesPoolBase): void {
  for (const schedule of pool._schedules) {
    fleet[schedule.method](schedule.id, schedule.expression, schedule.options);
  }
  const recorded = pool._scaling?._recorded;
  if (recorded) {
    const scaling = fleet.autoScaleCapacity({ minCapacity: recorded.minCapacity, maxCapacity: recorded.maxCapacity });
    if (recorded.utilization) scaling.scaleOnUtilization(recorded.utilization);
    recorded.schedules.forEach(s => scaling.scaleOnSchedule(s.id, s.action));
  }
  const mirrored = snapshot(pool);
  fleet.node.addValidation({
    validate: () => (snapshot(pool) === mirrored ? [] : [
      `The pool '${pool.node.path}' gained schedules or auto scaling after its successor '${fleet.node.path}' was created, which the successor does not mirror: ` +
      'create the successor after the pool\'s scheduleStart/scheduleStop and autoScaleUserSessions calls, or add them to the fleet yourself',
    ]),
  });
}

function snapshot(pool: WorkspacesPoolBase): string {
  const recorded = pool._scaling?._recorded;
  return JSON.stringify([pool._schedules.length, recorded !== undefined, recorded?.utilization !== undefined, recorded?.schedules.length ?? 0]);
}

/** Info annotations on the successor: what it cannot carry over, and what to do. */
export function reportWhatStaysBehind(fleet: IConstruct, pool: WorkspacesPool, mirrored: MirroredPool): void {
  Annotations.of(fleet).addInfo(
    `Users of the pool '${pool.node.path}' sign in through its WorkSpaces directory and SAML identity provider, which a fleet does not use: ` +
    'add a SAML 2.0 application for the fleet\'s stack in your identity provider (relay state to the stack, ' +
    'https://docs.aws.amazon.com/appstream2/latest/developerguide/external-identity-providers.html), or hand out streaming URLs (grantStreamingUrl), ' +
    'and join the fleet to your domain with `domainJoin` if applications need it.',
  );
  if (mirrored.settingsPersistence) {
    Annotations.of(fleet).addInfo(
      `The pool '${pool.node.path}' persists users' application settings; those settings stay with the pool, and the fleet's stack does not persist settings: ` +
      'turn on application settings persistence on the stack (CfnStack ApplicationSettings, through `node.findChild(\'Stack\')`) and tell users their settings start afresh.',
    );
  }
}
