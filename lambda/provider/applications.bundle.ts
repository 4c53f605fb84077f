/**
 * The WorkSpaces Applications route (imported images): one file of the
 * handler asset, with the AppStream client (and the WorkSpaces client's
 * DescribeWorkspaceBundles, for a bundle's image), so that a pool's or a
 * portal's cold start never loads the AppStream client. The router loads it
 * on the first request for an image (see ./routes).
 */
import * as image from '../applications';

export { image };
