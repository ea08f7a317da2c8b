// The users strict mode knows (VPCEP_USERS): a password token is issued only to one of them, with its
// own password, and only for its own domain or a project of that domain. Lenient mode has no directory:
// anyone gets a token. Passwords stay in memory; they are never stored, logged or shown.
import { timingSafeEqual } from 'node:crypto';
import { domainIdFor, memberIdFor } from './store.js';

export interface ConfiguredUser {
  name: string;
  password: string;
  /** The name of the user's domain. */
  domain: string;
}

export class UserDirectory {
  constructor(private readonly users: ConfiguredUser[]) {}

  /**
   * The configured user named by name (in a domain named by name or id) or by user id, if the password
   * is its password. Answers undefined for an unknown user and for a wrong password alike.
   */
  authenticate(
    ref: { id?: string; name?: string; domain?: { id?: string; name?: string } },
    password: string,
  ): ConfiguredUser | undefined {
    const user = this.users.find((u) => {
      const domainId = domainIdFor(u.domain);
      if (ref.id !== undefined) return ref.id === memberIdFor('user', domainId, u.name);
      return ref.name === u.name && (ref.domain?.id === domainId || (ref.domain?.id === undefined && ref.domain?.name === u.domain));
    });
    return user && samePassword(user.password, password) ? user : undefined;
  }
}

function samePassword(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
