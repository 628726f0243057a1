/**
 * A secret value (client id, client secret, token) that cannot leak by accident: every way of
 * turning it into text (template strings, JSON, console.log, util.inspect, error messages) gives
 * `[redacted]`. Only `reveal()` gives the value, and only the code that sends it calls that.
 */
import { inspect } from 'node:util';

export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return '[redacted]';
  }

  toJSON(): string {
    return '[redacted]';
  }

  [inspect.custom](): string {
    return '[redacted]';
  }
}
