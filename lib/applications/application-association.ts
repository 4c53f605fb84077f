import { Names } from 'aws-cdk-lib';
import * as appstream from 'aws-cdk-lib/aws-appstream';
import { aws_appstream as appstreamRefs } from 'aws-cdk-lib/interfaces';
import { Construct } from 'constructs';
import { validationError } from '../private/errors';

/** What `associateApplication` reads of the fleet (structurally: no import of applications-fleet.ts). */
export interface AssociatedFleet extends Construct {
  /** The fleet name: the fleet's Ref, so that CloudFormation associates once the fleet exists. */
  readonly fleetName: string;
  readonly fleetType: string;
}

/**
 * An `AWS::AppStream::ApplicationFleetAssociation` of `application` with the
 * Elastic `fleet`, as the fleet's child `Application<the application's unique id>`
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-appstream-applicationfleetassociation.html:
 * "This is only supported for Elastic fleets"). The id comes from the
 * application's path, not from the order of the calls, so adding or removing
 * one application never replaces the association of another. ApplicationArn
 * is the application's reference: for a `CfnApplication`, its Ref, which is
 * its ARN
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-appstream-application.html).
 */
export function associateApplication(fleet: AssociatedFleet, application: appstreamRefs.IApplicationRef): appstream.CfnApplicationFleetAssociation {
  const path = application.node.path;
  if (fleet.fleetType !== 'ELASTIC') {
    throw validationError(fleet, `addApplication() needs an Elastic fleet: applications from app blocks are associated only with Elastic fleets (ApplicationFleetAssociation), and an ${fleet.fleetType} fleet streams the applications of its image; ` +
      `make the fleet with \`fleetType: FleetType.ELASTIC\`, got application '${path}' on a fleet of type ${fleet.fleetType}`);
  }
  const id = `Application${Names.nodeUniqueId(application.node)}`;
  if (fleet.node.tryFindChild(id)) {
    throw validationError(fleet, `addApplication() was already called with this application: an application is associated with a fleet once, got application '${path}' again`);
  }
  return new appstream.CfnApplicationFleetAssociation(fleet, id, {
    applicationArn: application.applicationRef.applicationArn,
    fleetName: fleet.fleetName,
  });
}
