import {
  Condition,
  FactCondition,
} from '@internal/backstage-plugin-tech-insights-common';

/**
 * The outcome of a rule over one entity's facts. `unknown` when a fact the
 * outcome depends on is missing: nobody could tell whether it passes.
 */
export type RuleOutcome = {
  result: 'passed' | 'failed' | 'unknown';
  /** The failing (or missing) comparisons, in words. */
  reasons: string[];
};

export type Facts = Record<string, unknown>;

function isFactCondition(condition: Condition): condition is FactCondition {
  return 'fact' in condition;
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  return JSON.stringify(value);
}

const OPERATOR_WORDS: Record<FactCondition['operator'], string> = {
  equal: 'should equal',
  notEqual: 'should not equal',
  lessThan: 'should be less than',
  lessThanInclusive: 'should be at most',
  greaterThan: 'should be greater than',
  greaterThanInclusive: 'should be at least',
  in: 'should be one of',
  notIn: 'should not be one of',
  contains: 'should contain',
  doesNotContain: 'should not contain',
};

/** json-rules-engine's built-in operators, with its semantics. */
function compare(
  operator: FactCondition['operator'],
  factValue: unknown,
  value: unknown,
): boolean {
  const numbers = () =>
    typeof factValue === 'number' && typeof value === 'number';
  switch (operator) {
    case 'equal':
      return factValue === value;
    case 'notEqual':
      return factValue !== value;
    case 'lessThan':
      return numbers() && (factValue as number) < (value as number);
    case 'lessThanInclusive':
      return numbers() && (factValue as number) <= (value as number);
    case 'greaterThan':
      return numbers() && (factValue as number) > (value as number);
    case 'greaterThanInclusive':
      return numbers() && (factValue as number) >= (value as number);
    case 'in':
      return Array.isArray(value) && value.includes(factValue);
    case 'notIn':
      return Array.isArray(value) && !value.includes(factValue);
    case 'contains':
      return Array.isArray(factValue) && factValue.includes(value);
    case 'doesNotContain':
      return Array.isArray(factValue) && !factValue.includes(value);
    default:
      return false;
  }
}

/**
 * Evaluates a rule the way json-rules-engine does (so the community
 * backend's on-demand run agrees), except that a missing fact makes the
 * outcome unknown instead of an error, when it matters to the outcome.
 */
export function evaluateCondition(
  condition: Condition,
  facts: Facts,
): RuleOutcome {
  if (isFactCondition(condition)) {
    const factValue = facts[condition.fact];
    if (factValue === undefined || factValue === null) {
      return {
        result: 'unknown',
        reasons: [`${condition.fact} is not known yet`],
      };
    }
    if (compare(condition.operator, factValue, condition.value)) {
      return { result: 'passed', reasons: [] };
    }
    return {
      result: 'failed',
      reasons: [
        `${condition.fact} is ${describe(factValue)}, ${
          OPERATOR_WORDS[condition.operator]
        } ${describe(condition.value)}`,
      ],
    };
  }
  if ('not' in condition) {
    const inner = evaluateCondition(condition.not, facts);
    if (inner.result === 'unknown') return inner;
    return inner.result === 'passed'
      ? { result: 'failed', reasons: ['the negated condition holds'] }
      : { result: 'passed', reasons: [] };
  }
  const all = 'all' in condition;
  const parts = (all ? condition.all : condition.any).map(c =>
    evaluateCondition(c, facts),
  );
  const failed = parts.filter(p => p.result === 'failed');
  const unknown = parts.filter(p => p.result === 'unknown');
  if (all) {
    // One definite failure decides "all", whatever is unknown.
    if (failed.length) {
      return { result: 'failed', reasons: failed.flatMap(p => p.reasons) };
    }
    if (unknown.length) {
      return { result: 'unknown', reasons: unknown.flatMap(p => p.reasons) };
    }
    return { result: 'passed', reasons: [] };
  }
  if (parts.some(p => p.result === 'passed') || parts.length === 0) {
    return { result: 'passed', reasons: [] };
  }
  if (unknown.length) {
    return { result: 'unknown', reasons: unknown.flatMap(p => p.reasons) };
  }
  return {
    result: 'failed',
    reasons: [`none of: ${failed.flatMap(p => p.reasons).join('; ')}`],
  };
}

/** The fact names a rule reads. */
export function factsOf(condition: Condition): string[] {
  if (isFactCondition(condition)) return [condition.fact];
  if ('not' in condition) return factsOf(condition.not);
  const parts = 'all' in condition ? condition.all : condition.any;
  return [...new Set(parts.flatMap(factsOf))];
}
