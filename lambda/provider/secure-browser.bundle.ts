/**
 * The WorkSpaces Secure Browser route (portal readiness): one file of the
 * handler asset, with the Secure Browser and CloudFormation clients, so that
 * the WorkSpaces routes never load them. The router loads it on the first
 * request for a portal (see ./routes).
 */
import * as portal from '../portal';

export { portal };
