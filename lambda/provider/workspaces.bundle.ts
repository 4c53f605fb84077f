/**
 * The WorkSpaces routes (pools, their bundle images, directory
 * registrations): one file of the handler asset, with the WorkSpaces client.
 * The router loads it on the first request for one of them (see ./routes).
 */
import * as directory from '../directory';
import * as pool from '../pool';

export { directory, pool };
