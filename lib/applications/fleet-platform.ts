import { Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { unscopedValidationError } from '../private/errors';

/** CreateFleet's PlatformType values are upper-case words joined by `_` (e.g. `WINDOWS_SERVER_2019`). */
const PLATFORM_NAME = /^[A-Z][A-Z0-9_]*$/;

/**
 * The operating system of an Elastic fleet's instances (CreateFleet
 * `Platform`). The API reference lists WINDOWS_SERVER_2019, AMAZON_LINUX2
 * and UBUNTU_PRO_2404 as the platforms supported for Elastic fleets
 * (https://docs.aws.amazon.com/appstream2/latest/APIReference/API_CreateFleet.html);
 * an Always-On or On-Demand fleet runs the operating system of its image and
 * takes no platform.
 */
export class FleetPlatform {
  /** Windows Server 2019. */
  public static readonly WINDOWS_SERVER_2019 = new FleetPlatform('WINDOWS_SERVER_2019');
  /** Amazon Linux 2. */
  public static readonly AMAZON_LINUX2 = new FleetPlatform('AMAZON_LINUX2');
  /** Ubuntu Pro 24.04. */
  public static readonly UBUNTU_PRO_2404 = new FleetPlatform('UBUNTU_PRO_2404');

  /**
   * A platform this library does not list yet, by its CreateFleet
   * `Platform` value (upper-case letters, digits and `_`): for a platform
   * AWS adds to Elastic fleets after this release.
   *
   * @param name the CreateFleet `Platform` value, e.g. `WINDOWS_SERVER_2019`
   */
  public static of(name: string): FleetPlatform {
    if (!Token.isUnresolved(name) && !PLATFORM_NAME.test(name)) {
      throw unscopedValidationError('FleetPlatform.of', `\`name\` must be a CreateFleet Platform value: upper-case letters, digits and '_' (${PLATFORM_NAME.source}), got '${name.slice(0, 64)}'`);
    }
    return new FleetPlatform(name);
  }

  /**
   * @param name the CreateFleet `Platform` value
   */
  private constructor(private readonly name: string) {}

  /**
   * The platform as the fleet writes it.
   *
   * @param _scope the fleet
   */
  public bind(_scope: Construct): FleetPlatformConfig {
    return { name: this.name };
  }
}

/** What a `FleetPlatform` binds to. */
export interface FleetPlatformConfig {
  /** The CreateFleet `Platform` value, e.g. `WINDOWS_SERVER_2019`. */
  readonly name: string;
}
