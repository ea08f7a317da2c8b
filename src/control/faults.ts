// Fault rules: answers the real cloud gives now and then (a 500, a throttle, a slow response), given on
// purpose to the requests a test names. Rules are tried in order; the first that matches a request and
// fires (its probability) answers it, until its `times` run out. Like the journal they describe the
// test session, so they live in memory only and never apply to the test-control API itself.
import type { Random } from '../runtime/random.js';
import { globToRegExp } from './glob.js';
import type { FaultRuleInput, FaultRuleView } from './schemas.js';

/** What a request is matched on. */
export interface RequestFacts {
  method: string;
  /** Without the query string. */
  path: string;
  operation: string | null;
  project: string | null;
}

interface ActiveRule {
  input: FaultRuleInput;
  path: RegExp | undefined;
  remaining: number | null;
  fired: number;
}

export class FaultRules {
  private rules: ActiveRule[] = [];

  constructor(private readonly random: Random) {}

  /** Replaces every rule; answers them as they now stand. */
  replace(rules: FaultRuleInput[]): FaultRuleView[] {
    this.rules = rules.map((input) => ({
      input,
      path: input.path === undefined ? undefined : globToRegExp(input.path),
      remaining: input.times ?? null,
      fired: 0,
    }));
    return this.list();
  }

  list(): FaultRuleView[] {
    return this.rules.map(({ input, remaining, fired }) => ({ ...input, remaining, fired }));
  }

  clear(): number {
    const cleared = this.rules.length;
    this.rules = [];
    return cleared;
  }

  /** Whether any rule is given (none: a request need not even be described). */
  get active(): boolean {
    return this.rules.length > 0;
  }

  /** The rule that answers this request, if any; it is counted as fired. */
  fire(request: RequestFacts): FaultRuleInput | undefined {
    if (this.rules.length === 0) return undefined;
    for (const rule of this.rules) {
      if (rule.remaining === 0 || !matches(rule, request)) continue;
      if (rule.input.probability !== undefined && this.random.fraction() >= rule.input.probability) continue;
      rule.fired++;
      if (rule.remaining !== null) rule.remaining--;
      return rule.input;
    }
    return undefined;
  }
}

function matches({ input, path }: ActiveRule, request: RequestFacts): boolean {
  return (
    (input.method === undefined || input.method === request.method) &&
    (path === undefined || path.test(request.path)) &&
    (input.operation === undefined || input.operation === request.operation) &&
    (input.project === undefined || input.project === request.project)
  );
}
