/**
 * The WorkSpaces Applications routes (imported images, fleet readiness): one
 * file of the handler asset, with the AppStream client (and the WorkSpaces
 * client's DescribeWorkspaceBundles, for a bundle's image), so that a pool's
 * or a portal's cold start never loads the AppStream client. The router loads
 * it on the first request for an image or a fleet (see ./routes).
 */
import * as image from '../applications';

export { image };

/** Custom::ApplicationsFleetReadiness, on the image handler's AppStream client. */
export const fleetReadiness = image.fleetReadiness;
