/**
 * The CloudFormation resource types of this library's custom resources. The
 * README names them; users need them only as text (template assertions,
 * cdk-nag rules), so they are not part of the jsii API.
 */

/** The pool custom resource. */
export const POOL_RESOURCE_TYPE = 'Custom::WorkspacesPool';
/** The check of the pool's bundle image, which the pool waits for. */
export const BUNDLE_IMAGE_RESOURCE_TYPE = 'Custom::WorkspacesBundleImage';
/** The Directory Service registration. */
export const DIRECTORY_REGISTRATION_RESOURCE_TYPE = 'Custom::WorkspaceDirectoryRegistration';
/** The portal's readiness check, which waits for Active and expires sessions. */
export const PORTAL_READINESS_RESOURCE_TYPE = 'Custom::WebPortalReadiness';
/** A WorkSpaces Applications image imported from a WorkSpaces image, an AMI or a bundle's image. */
export const APPLICATIONS_IMAGE_RESOURCE_TYPE = 'Custom::ApplicationsImage';
/** The wait until a WorkSpaces Applications fleet runs at its desired capacity. */
export const FLEET_READINESS_RESOURCE_TYPE = 'Custom::ApplicationsFleetReadiness';
