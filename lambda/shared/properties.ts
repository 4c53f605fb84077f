/**
 * Reading a custom resource's properties as CloudFormation passes them:
 * every scalar arrives as a string (numbers in decimal, booleans as 'true'
 * or 'false'), and an empty string stands for a property left out. One
 * reader per resource type, so that every handler refuses a malformed
 * property the same way, naming the resource type, the property (with its
 * parent: `SamlProperties.Status`), the rule and the value.
 */

export type Props = Readonly<Record<string, unknown>>;

/** How much of a value a message quotes: a request may carry anything, of any length. */
export const QUOTE_LIMIT = 200;

/**
 * The prefix of the tag keys the handlers write to mark what they own
 * (lib/private/reserved-tags.ts refuses them at synth): a property that
 * carries one anyway (an `addPropertyOverride`) is refused, never written
 * over the ownership tags.
 */
export const RESERVED_TAG_PREFIX = 'cdk-workspaces-constructs:';

/** The largest value of the APIs' Integer type (32 bits), the bound of a number with no tighter one. */
export const MAX_API_INTEGER = 2147483647;

/** The bounds of a whole number, both included. */
export interface IntegerBounds {
  readonly min: number;
  readonly max: number;
}

/** An operation's timeout: CloudFormation waits at most one hour for a custom resource (ServiceTimeout, 1-3600 seconds). */
export const TIMEOUT_SECONDS: IntegerBounds = { min: 1, max: 3600 };
/** A drain timeout: less than the operation's timeout, so within the same hour. */
export const DRAIN_SECONDS: IntegerBounds = { min: 0, max: 3600 };

const DECIMAL_DIGITS = /^[0-9]+$/;

/** A value as a message quotes it: JSON, cut to about QUOTE_LIMIT characters. */
export function quote(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT)}... (${text.length} characters)` : text;
}

export interface TagValue {
  readonly Key: string;
  readonly Value: string;
}

export function isObject(value: unknown): value is Props {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object without its undefined members, or undefined when none is left. */
export function compact<T extends Record<string, unknown>>(value: T): T | undefined {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return entries.length > 0 ? (Object.fromEntries(entries) as T) : undefined;
}

function qualified(key: string, parent?: string): string {
  return parent ? `${parent}.${key}` : key;
}

function absent(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

export class PropertyReader {
  /**
   * @param resourceType the custom resource type, e.g. `Custom::WorkspacesPool`
   * @param construct the construct that writes its properties, e.g. `WorkspacesPool`
   */
  constructor(private readonly resourceType: string, private readonly construct: string) {}

  public invalid(key: string, rule: string, value: unknown): Error {
    return new Error(
      `${this.resourceType} property ${key} ${rule}, got ${quote(value)}. ` +
      `The template was not written by this version of cdk-workspaces-constructs: synthesize it again with the ${this.construct} construct.`,
    );
  }

  public optionalString(p: Props, key: string, parent?: string): string | undefined {
    const value = p[key];
    if (absent(value)) {
      return undefined;
    }
    if (typeof value !== 'string') {
      throw this.invalid(qualified(key, parent), 'must be a string', value);
    }
    return value;
  }

  public requiredString(p: Props, key: string, parent?: string): string {
    return this.required(p, key, parent, this.optionalString(p, key, parent));
  }

  /** A required string that must match `pattern`; `rule` says what it must be, for the message. */
  public requiredMatch(p: Props, key: string, pattern: RegExp, rule: string): string {
    const value = this.requiredString(p, key);
    if (!pattern.test(value)) {
      throw this.invalid(key, `must be ${rule}`, value);
    }
    return value;
  }

  public optionalBoolean(p: Props, key: string, parent?: string): boolean | undefined {
    const value = p[key];
    if (absent(value)) {
      return undefined;
    }
    if (value === true || value === 'true') return true;
    if (value === false || value === 'false') return false;
    throw this.invalid(qualified(key, parent), "must be 'true' or 'false'", value);
  }

  /**
   * A whole number within `bounds` (by default the APIs' Integer range from
   * 0): as CloudFormation passes it, a string of decimal digits only, so
   * that `1e3`, `0x10`, ` 7` or `1e20` are refused rather than read as
   * numbers; a JSON number (a template read directly) must be a whole
   * number within the same bounds.
   */
  public optionalInteger(p: Props, key: string, parent?: string, bounds: IntegerBounds = { min: 0, max: MAX_API_INTEGER }): number | undefined {
    const value = p[key];
    if (absent(value)) {
      return undefined;
    }
    const n = typeof value === 'string' ? (DECIMAL_DIGITS.test(value) ? Number(value) : NaN) : value;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < bounds.min || n > bounds.max) {
      throw this.invalid(qualified(key, parent), `must be a whole number from ${bounds.min} to ${bounds.max}, in decimal digits`, value);
    }
    return n;
  }

  public requiredInteger(p: Props, key: string, parent?: string, bounds?: IntegerBounds): number {
    return this.required(p, key, parent, this.optionalInteger(p, key, parent, bounds));
  }

  public oneOf<T extends string>(p: Props, key: string, allowed: readonly T[], parent?: string): T | undefined {
    const value = this.optionalString(p, key, parent);
    if (value === undefined) {
      return undefined;
    }
    if (!(allowed as readonly string[]).includes(value)) {
      throw this.invalid(qualified(key, parent), `must be one of ${allowed.join(', ')}`, value);
    }
    return value as T;
  }

  public requiredOneOf<T extends string>(p: Props, key: string, allowed: readonly T[], parent?: string): T {
    return this.required(p, key, parent, this.oneOf(p, key, allowed, parent));
  }

  public optionalObject(p: Props, key: string, parent?: string): Props | undefined {
    const value = p[key];
    if (absent(value)) {
      return undefined;
    }
    if (!isObject(value)) {
      throw this.invalid(qualified(key, parent), 'must be an object', value);
    }
    return value;
  }

  /**
   * An optional object read member by member: `members` reads them from it
   * (given the object's key, with its parent, for messages). Undefined when
   * the property is absent or none of its members is set.
   */
  public optionalBlock<T>(p: Props, key: string, members: (o: Props, key: string) => Record<string, unknown>, parent?: string): T | undefined {
    const o = this.optionalObject(p, key, parent);
    return o && (compact(members(o, qualified(key, parent))) as T | undefined);
  }

  public optionalList<T>(p: Props, key: string, parent: string, parseItem: (item: Props, itemKey: string) => T): T[] | undefined {
    const value = p[key];
    if (absent(value)) {
      return undefined;
    }
    const itemKey = qualified(key, parent);
    if (!Array.isArray(value)) {
      throw this.invalid(itemKey, 'must be a list', value);
    }
    return value.map((item: unknown) => {
      if (!isObject(item)) {
        throw this.invalid(itemKey, 'must be a list of objects', value);
      }
      return parseItem(item, itemKey);
    });
  }

  public optionalStringList(p: Props, key: string): string[] | undefined {
    const value = p[key];
    if (absent(value)) {
      return undefined;
    }
    if (!Array.isArray(value) || value.some(v => typeof v !== 'string' || v === '')) {
      throw this.invalid(key, 'must be a list of strings', value);
    }
    return [...value] as string[];
  }

  public optionalEnumList<T extends string>(p: Props, key: string, allowed: readonly T[], parent: string): T[] | undefined {
    const value = p[key];
    if (absent(value)) {
      return undefined;
    }
    if (!Array.isArray(value) || value.some(v => !(allowed as readonly unknown[]).includes(v))) {
      throw this.invalid(qualified(key, parent), `must be a list of ${allowed.join(', ')}`, value);
    }
    return [...value] as T[];
  }

  /**
   * A list of `{ Key, Value }`; none when absent. A key under
   * RESERVED_TAG_PREFIX is refused: the handler would write it over, or take
   * it for, an ownership tag.
   */
  public tags(p: Props, key: string): TagValue[] {
    const value = p[key];
    if (absent(value)) {
      return [];
    }
    if (!Array.isArray(value)) {
      throw this.invalid(key, 'must be a list of { Key, Value }', value);
    }
    return value.map((tag: unknown) => {
      if (!isObject(tag) || typeof tag.Key !== 'string' || typeof tag.Value !== 'string') {
        throw this.invalid(key, 'must be a list of { Key, Value }', value);
      }
      if (tag.Key.startsWith(RESERVED_TAG_PREFIX)) {
        throw new Error(
          `${this.resourceType} property ${key} has the tag key ${quote(tag.Key)}: keys starting with '${RESERVED_TAG_PREFIX}' are reserved for the ownership tags ` +
          'cdk-workspaces-constructs writes, and a handler never writes a template\'s tag over them. ' +
          `The ${this.construct} construct refuses them at synth, so the key came in some other way (an addPropertyOverride, or an edited template): rename the tag.`,
        );
      }
      return { Key: tag.Key, Value: tag.Value };
    });
  }

  private required<T>(p: Props, key: string, parent: string | undefined, value: T | undefined): T {
    if (value === undefined) {
      throw this.invalid(qualified(key, parent), 'is required', p[key]);
    }
    return value;
  }
}
